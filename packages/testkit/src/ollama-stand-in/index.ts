/** The Ollama stand-in: a real HTTP server speaking Ollama's API, scriptable per model and request. */
export { createOllamaStandIn, type OllamaStandIn, type StandInOptions } from './stand-in.js';
export type { StandInModel, StandInRule, StandInBehaviour, StandInInference, StandInEra, RecordedRequest, GuardrailBreak } from './types.js';
export { GUARDRAIL_BREAKS } from './types.js';
export { toDefaultAnswer, type DefaultAnswer } from './image-answer.js';
