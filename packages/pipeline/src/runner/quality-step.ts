import path from 'node:path';
import { ProofsheetError, toProofsheetError } from '@proofsheet/core';
import { completeRowStage, markRowError } from '@proofsheet/queue';
import { scoreAndDerive, type QualityScorer } from '@proofsheet/stages';
import type { FlowStage } from '../flow/row-flow.js';
import type { QueueRow, RowStageCounts, RunContext } from './types.js';

/** Which stage a row failure of the combined decode belongs to, and the QC marker it leaves. */
function toFailedStage(code: string): { stage: 2 | 5 | 6; qcStatus?: 'ScoringFailed' | 'ResizeFailed' } {
  if (code === 'SOURCE_MISSING') return { stage: 2 };
  return code === 'SCORING_FAILED' ? { stage: 5, qcStatus: 'ScoringFailed' } : { stage: 6, qcStatus: 'ResizeFailed' };
}

/**
 * Stages 5–6 as one step per row: one decode gives the scoring proxy and the three derivatives
 * (SPEC §3), then scores, QR, `QC_Status`, `quality_detail` and the model image path are written
 * with `stage_done = 6` in one transaction. A failure marks the row `Error` with
 * `ScoringFailed` / `ResizeFailed`; the other rows go on. Failures of the environment (a full disk,
 * a locked database) or bugs are not the row's fault: they propagate and stop the run, leaving every
 * row at its checkpoint.
 */
export function createQualityStep(ctx: RunContext, scorer: QualityScorer | null, counts: RowStageCounts): FlowStage<QueueRow> {
  return {
    name: 'quality',
    concurrency: ctx.config.concurrency.quality,
    async handle(row) {
      const started = performance.now();
      const finished = (outcome: 'done' | 'failed', extra: Record<string, unknown> = {}) =>
        ctx.runLog?.rowFinished({ stage: 'quality', row_id: row.id, File_Name: row.File_Name, outcome, duration_ms: Math.round(performance.now() - started), ...extra });
      try {
        if (!row.incoming_path) throw new ProofsheetError('SOURCE_MISSING', `row ${row.id} has no incoming copy`);
        if (scorer === null) throw new ProofsheetError('INTERNAL', `row ${row.id} reached stages 5-6 but no scorer was opened`);
        const outcome = await scoreAndDerive(scorer, row.incoming_path, path.join(ctx.paths.derived, String(row.id)));
        if (outcome.kind === 'skipped') throw new ProofsheetError('INTERNAL', `stages 5-6 skipped row ${row.id}: ${outcome.reason}`);
        const { quality, derivatives } = outcome.value;
        completeRowStage(ctx.db, row.id, {
          stage: 6,
          values: {
            blur_score: quality.blur_score,
            brightness_score: quality.brightness_score,
            contrast_score: quality.contrast_score,
            brisque_score: quality.brisque_score,
            nima_score: quality.nima_score,
            clip_aesthetic_score: quality.clip_aesthetic_score,
            QR: quality.QR,
            QC_Status: quality.QC_Status,
            quality_detail: JSON.stringify(quality.quality_detail),
            ollama_path: derivatives.model_path,
          },
        });
        finished('done', { QR: quality.QR });
        return { next: true };
      } catch (thrown) {
        const error = toProofsheetError(thrown);
        if (error.kind !== 'row') throw error;
        const failed = toFailedStage(error.code);
        markRowError(ctx.db, row.id, { code: error.code, message: error.message, stage: failed.stage, ...(failed.qcStatus ? { qcStatus: failed.qcStatus } : {}) });
        counts.errors += 1;
        finished('failed', { error_code: error.code });
        return { next: false, reason: error.code };
      }
    },
  };
}
