/**
 * Stage 7, caption prefill (SPEC §7): the public surface of `src/caption`.
 *
 * How the pipeline uses it:
 * ```ts
 * const captioner = createCaptioner(toCaptionSettings(config.caption), { log, existingTexts: createExistingTexts({ captions, altTexts }) });
 * const startup = await captioner.startupCheck();        // print startup.lines; if !startup.ok: log startup.notice, skip stage 7 (rows stay Queued, exit 3)
 * const summary = await captioner.runRows(rows, async (row, outcome) => {
 *   // done → Pending (+ caption_provenance, caption_attempts); needs_review → Metadata_Needs_Work with outcome.reasons;
 *   // quarantined → QC_Status CaptionQuarantined, Review_Status Error, error_code CAPTION_QUARANTINED;
 *   // deferred → leave Queued; skipped → Pending with caption_skipped; failed → Error with outcome.error.code
 * });
 * if (summary.stopped) log the message (Ollama stayed away; the run exits 3, safe to resume)
 * await writePrefillQcReport(buildPrefillQcReport(summary.results.map((r) => toQcRow(r.input, r.outcome)), clock.now()), [runQcPath, lastQcPath]);
 * captioner.close();
 * ```
 */
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
