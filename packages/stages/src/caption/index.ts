/** Stage 7, caption prefill (SPEC §7): the public surface of `src/caption`. */
export { createCaptioner, probeOllamaHosts, type Captioner, type CaptionerDeps, type StartupReport, type RunRowsSummary, type RowResult } from './captioner.js';
export { toCaptionSettings, CAPTION_DEFAULTS, type CaptionSettings } from './settings.js';
export { createExistingTexts, checkDraft, parseDraft, toJaccard, ALT_SIMILARITY_LIMIT } from './guardrails.js';
export { buildCaptionPrompt, toPromptHash, toTimeOfDay, CAPTION_SCHEMA } from './prompt.js';
export { buildPrefillQcReport, writePrefillQcReport, toQcRow, QC_SAMPLE_SIZE, type PrefillQcReport, type QcRow } from './qc-report.js';
export { toProcessor, toStartupLine, type HostCheck, type ModelCheck } from './startup-check.js';
export type { ProbeRecord } from './host-pool.js';
export type {
  CaptionRowInput, CaptionDraft, CaptionResult, CaptionOutcome, CaptionAttempt, AttemptOutcome,
  CaptionProvenance, FieldProvenance, CaptionLog, ExistingTexts,
} from './types.js';
