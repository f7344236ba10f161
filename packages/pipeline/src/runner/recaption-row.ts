import { ProofsheetError, type ResolvedConfig } from '@proofsheet/core';
import { recordCaptionAttempts, requireRow, runImmediate, transitionRow, updateRowFields, type SqliteDatabase } from '@proofsheet/queue';
import { createCaptioner, toCaptionSettings, type CaptionOutcome, type CaptionProgressListener, type Captioner } from '@proofsheet/stages';
import { toCaptionInput, toTextColumns } from './caption-step.js';
import { readExistingTexts } from './select-rows.js';

/** What re-captioning one row did. `unavailable` is Ollama's state (down, busy, model missing, captioning off), not the row's. */
export type RecaptionOutcome =
  | { readonly kind: 'captioned'; readonly status: 'Pending' | 'Metadata_Needs_Work'; readonly reasons: readonly string[]; readonly changed: readonly string[] }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/** Options of {@link recaptionRow}. */
export interface RecaptionOptions {
  readonly config: ResolvedConfig;
  readonly signal?: AbortSignal;
  /** Hears the caption step as it proceeds: `checking` (startup check), then each request, answer, retry and fallback. */
  readonly onProgress?: CaptionProgressListener;
  /** The captioner to use (tests); by default one is built from `config.caption`. */
  readonly openCaptioner?: () => Captioner;
}

const PIPELINE = { kind: 'pipeline' } as const;

/**
 * "Generate" in the review page: captions one reviewable row (`Pending` or `Metadata_Needs_Work`)
 * again with the caption step (same prompt, model, validation and guardrails as stage 7). The new
 * caption, alt text and keywords are written as the pipeline's (so they become the row's AI values
 * in `row_events`), every request is kept in `caption_attempts`, and the row moves to `Pending` or
 * `Metadata_Needs_Work` as the guardrails decide. When Ollama cannot answer, nothing changes and
 * the reason is returned. Another status is `ILLEGAL_TRANSITION`; an unknown id `ROW_NOT_FOUND`.
 */
export async function recaptionRow(db: SqliteDatabase, id: number, options: RecaptionOptions): Promise<RecaptionOutcome> {
  const row = requireRow(db, id);
  if (row.Review_Status !== 'Pending' && row.Review_Status !== 'Metadata_Needs_Work') {
    throw new ProofsheetError('ILLEGAL_TRANSITION', `row ${id} is ${row.Review_Status}; only Pending and Metadata_Needs_Work rows are captioned again`, { details: { row_id: id } });
  }
  if (!options.config.caption.enabled) return { kind: 'unavailable', reason: 'captioning is switched off (caption.enabled is false)' };
  const captioner = (options.openCaptioner ?? (() => createCaptioner(toCaptionSettings(options.config.caption), { existingTexts: readExistingTexts(db) })))();
  try {
    notify(options.onProgress, { phase: 'checking', model: captioner.settings.model });
    const startup = await captioner.startupCheck();
    if (!startup.ok) return { kind: 'unavailable', reason: startup.notice ?? 'no Ollama host can caption now' };
    const outcome = await captioner.captionRow(toCaptionInput(row), options.signal, options.onProgress);
    return settle(db, id, outcome);
  } finally {
    captioner.close();
  }
}

function notify(listener: CaptionProgressListener | undefined, progress: Parameters<CaptionProgressListener>[0]): void {
  try {
    listener?.(progress);
  } catch {
    // A listener's trouble (a closed connection…) is not the row's.
  }
}

function settle(db: SqliteDatabase, id: number, outcome: CaptionOutcome): RecaptionOutcome {
  const attempts = outcome.kind === 'done' || outcome.kind === 'needs_review' ? outcome.value.attempts : 'attempts' in outcome ? outcome.attempts : [];
  return runImmediate(db, () => {
    if (attempts.length > 0) recordCaptionAttempts(db, null, attempts);
    switch (outcome.kind) {
      case 'done':
      case 'needs_review': {
        const reasons = outcome.kind === 'needs_review' ? outcome.reasons : [];
        const changed = updateRowFields(db, id, { ...toTextColumns(outcome.value), flag_reasons: reasons.length > 0 ? JSON.stringify(reasons) : null }, PIPELINE);
        const status = reasons.length > 0 ? 'Metadata_Needs_Work' : 'Pending';
        if (requireRow(db, id).Review_Status !== status) transitionRow(db, id, status, PIPELINE);
        return { kind: 'captioned', status, reasons, changed };
      }
      case 'deferred':
        return { kind: 'unavailable', reason: outcome.reason };
      case 'skipped':
        return { kind: 'unavailable', reason: 'captioning is switched off' };
      case 'quarantined':
        return { kind: 'failed', code: 'CAPTION_QUARANTINED', message: outcome.reasons.join('; ') || outcome.error.message };
      case 'failed':
        return { kind: 'failed', code: outcome.error.code, message: outcome.error.message };
    }
  });
}
