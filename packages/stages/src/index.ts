/**
 * @proofsheet/stages — stages 5–7: image derivatives (sharp), quality scoring (onnxruntime-node)
 * and caption prefill. A stage is `(input, ctx) → Promise<StageOutcome>`; it does not know the
 * queue exists.
 */
export { probeImage, DEFAULT_LIMIT_INPUT_PIXELS, type ImageProbe, type ProbeOptions } from './media/sharp-media.js';
export * from './caption/index.js';
