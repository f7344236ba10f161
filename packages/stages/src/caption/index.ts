/**
 * Stage 7, caption prefill (SPEC §7): the public surface of `src/caption`.
 *
 * How the pipeline uses it (`packages/pipeline/src/runner`: `run-row-stages.ts`, `caption-step.ts`):
 * ```ts
 * const captioner = createCaptioner(toCaptionSettings(config.caption), { log, existingTexts: createExistingTexts({ captions, altTexts }) });
 * const startup = await captioner.startupCheck();        // print startup.lines; if !startup.ok: log startup.notice, skip stage 7 (rows stay Queued, exit 3)
 * // per row, with as many rows at once as the hosts have slots:
 * const outcome = await captioner.captionRow(input, signal);
 * // done → Pending (+ caption_provenance, caption_attempts); needs_review → Metadata_Needs_Work with outcome.reasons;
 * // quarantined → QC_Status CaptionQuarantined, Review_Status Error, error_code CAPTION_QUARANTINED;
 * // deferred → leave Queued (Ollama stayed away: outcome.reason says so; the run exits 3, safe to resume);
 * // skipped → Pending with caption_skipped; failed → Error with outcome.error.code.
 * // A rejection is a bug (INTERNAL): it stops the run with exit 70.
 * await writePrefillQcReport(buildPrefillQcReport(qcRows, clock.now()), [runQcPath, lastQcPath]);
 * captioner.close();
 * ```
 */
export { createCaptioner, probeOllamaHosts, type Captioner, type CaptionerDeps, type StartupReport } from './captioner.js';
export { toCaptionSettings, CAPTION_DEFAULTS, type CaptionSettings } from './settings.js';
export { createExistingTexts, checkDraft, parseDraft, toJaccard, ALT_SIMILARITY_LIMIT } from './guardrails.js';
export { buildCaptionPrompt, toPromptHash, toTimeOfDay, CAPTION_SCHEMA } from './prompt.js';
export { buildPrefillQcReport, writePrefillQcReport, toQcRow, QC_SAMPLE_SIZE, type PrefillQcReport, type QcRow } from './qc-report.js';
export { toProcessor, toStartupLine, type HostCheck, type ModelCheck } from './startup-check.js';
export type {
  CaptionRowInput, CaptionDraft, CaptionResult, CaptionOutcome, CaptionAttempt, AttemptOutcome,
  CaptionProvenance, FieldProvenance, CaptionLog, ExistingTexts, CaptionProgress, CaptionProgressListener,
} from './types.js';
