import { toProofsheetError } from '@proofsheet/core';
import { completeRowStage, markRowError, recordCaptionAttempts, requireRow, runImmediate } from '@proofsheet/queue';
import { toQcRow, type CaptionAttempt, type CaptionOutcome, type CaptionResult, type Captioner, type QcRow } from '@proofsheet/stages';
import type { FlowStage } from '../flow/row-flow.js';
import type { QueueRow, RowStageCounts, RunContext } from './types.js';

/** The caption stage's input for one row: its model image and the context SPEC §7 gives the model. */
export function toCaptionInput(row: QueueRow) {
  return {
    id: row.id,
    fileName: row.File_Name ?? '',
    image: row.ollama_path ?? '',
    subject: row.Subject ?? '',
    location: row.Location ?? '',
    category: row.Folder ?? '',
    dateTime: row.DateTime,
    series: row.series_position && row.series_count ? { position: row.series_position, count: row.series_count } : null,
  };
}

/** How each caption outcome appears in `row_stage_finished` (deferred rows wait: they were skipped this time). */
const TRACE_OUTCOME = {
  done: 'done',
  needs_review: 'needs_review',
  skipped: 'skipped',
  deferred: 'skipped',
  quarantined: 'failed',
  failed: 'failed',
} as const satisfies Record<CaptionOutcome['kind'], string>;

export function toTextColumns(result: CaptionResult) {
  return {
    Caption: result.caption,
    alt_text: result.alt_text,
    Keywords: result.keywords.join(', '),
    caption_provenance: result.provenance === null ? null : JSON.stringify(result.provenance),
  };
}

function attemptsOf(outcome: CaptionOutcome): readonly CaptionAttempt[] {
  if (outcome.kind === 'done' || outcome.kind === 'needs_review') return outcome.value.attempts;
  return 'attempts' in outcome ? outcome.attempts : [];
}

/**
 * Stage 7 per row: caption the model image and settle the row — `done` → `Pending`,
 * `needs_review` → `Metadata_Needs_Work` with reasons, `skipped` (captioning off) → `Pending` with
 * `caption_skipped`, `quarantined`/`failed` → `Error`; `deferred` (Ollama unavailable) leaves the
 * row `Queued` at its checkpoint for a later run. Every request is kept in `caption_attempts`, and
 * every settled row joins `qcRows` for the prefill QC report.
 */
export function createCaptionStep(ctx: RunContext, captioner: Captioner, counts: RowStageCounts, qcRows: QcRow[]): FlowStage<QueueRow> {
  const told = new Set<string>();
  /** Says once per reason why rows wait (Ollama stayed away, the model is missing), so the run's exit 3 is explained where the user looks. */
  const tellDeferred = (reason: string): void => {
    if (reason === 'interrupted' || told.has(reason)) return;
    told.add(reason);
    ctx.say(`[WARN] ${reason}`);
  };
  return {
    name: 'caption',
    concurrency: Math.max(1, captioner.settings.hosts.reduce((n, h) => n + h.slots, 0)),
    async handle(queued, signal) {
      const started = performance.now();
      const row = requireRow(ctx.db, queued.id); // re-read: stages 5–6 wrote the model image path since the row was selected
      const input = toCaptionInput(row);
      let outcome: CaptionOutcome;
      try {
        outcome = await captioner.captionRow(input, signal);
      } catch (thrown) {
        // The stage reports Ollama trouble as outcomes; a throw is a row fault or a bug.
        const error = toProofsheetError(thrown);
        if (error.kind !== 'row') throw error;
        outcome = { kind: 'failed', error, attempts: [] };
      }
      if (outcome.kind !== 'deferred') qcRows.push(toQcRow(input, outcome));
      const attempts = attemptsOf(outcome);
      // The attempts and the row's checkpoint commit together: a kill cannot record one without the other.
      runImmediate(ctx.db, () => {
        if (attempts.length > 0) recordCaptionAttempts(ctx.db, ctx.runId, attempts);
        settleRow(ctx, row, outcome, counts);
      });
      ctx.runLog?.rowFinished({
        stage: 'caption',
        row_id: row.id,
        File_Name: row.File_Name,
        outcome: TRACE_OUTCOME[outcome.kind],
        duration_ms: Math.round(performance.now() - started),
      });
      if (outcome.kind !== 'deferred') return { next: true };
      tellDeferred(outcome.reason);
      return { next: false, reason: outcome.reason };
    },
  };
}

function settleRow(ctx: RunContext, row: QueueRow, outcome: CaptionOutcome, counts: RowStageCounts): void {
  switch (outcome.kind) {
    case 'done':
      completeRowStage(ctx.db, row.id, { stage: 7, values: toTextColumns(outcome.value), status: 'Pending' });
      counts.pending += 1;
      return;
    case 'needs_review':
      completeRowStage(ctx.db, row.id, { stage: 7, values: { ...toTextColumns(outcome.value), flag_reasons: JSON.stringify(outcome.reasons) }, status: 'Metadata_Needs_Work' });
      counts.needs_work += 1;
      return;
    case 'skipped':
      completeRowStage(ctx.db, row.id, { stage: 7, values: { caption_skipped: 1 }, status: 'Pending' });
      counts.pending += 1;
      return;
    case 'quarantined':
      markRowError(ctx.db, row.id, { code: 'CAPTION_QUARANTINED', message: outcome.reasons.join('; ') || outcome.error.message, stage: 7, qcStatus: 'CaptionQuarantined' });
      counts.quarantined += 1;
      return;
    case 'failed':
      markRowError(ctx.db, row.id, { code: outcome.error.code, message: outcome.error.message, stage: 7 });
      counts.errors += 1;
      return;
    case 'deferred':
      counts.waiting += 1;
      return;
  }
}
