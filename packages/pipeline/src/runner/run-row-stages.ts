import { toProofsheetError, toStageHeader } from '@proofsheet/core';
import path from 'node:path';
import { buildPrefillQcReport, createCaptioner, createQualityScorer, toCaptionSettings, writePrefillQcReport, type Captioner, type QcRow, type QualityScorer } from '@proofsheet/stages';
import { runRowFlow, type FlowStage } from '../flow/row-flow.js';
import { createCaptionStep } from './caption-step.js';
import { createQualityStep } from './quality-step.js';
import { reverifyIncoming } from './reverify-incoming.js';
import { DERIVED_STAGE, needsRestage, readExistingTexts, selectWaitingRows } from './select-rows.js';
import type { QueueRow, RowStageCounts, RunContext } from './types.js';

/** Options of {@link runRowStages}. */
export interface RowStagesOptions extends RunContext {
  /** Graceful stop (first Ctrl+C): rows in a stage finish it; no row starts another. */
  readonly stop?: AbortSignal;
  /** Hard abort: in-flight requests are cancelled; rows stay at their checkpoint. */
  readonly abort?: AbortSignal;
  /** Opens the quality scorer (default: from `config.quality`). */
  readonly openScorer?: () => Promise<QualityScorer>;
  /** Rows settled so far out of all waiting rows (default: a plain line every 10 rows). */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number }) => void;
  /** Creates the caption stage (default: from `config.caption`). */
  readonly openCaptioner?: () => Captioner;
}

/** What stages 5–7 did in this run. */
export interface RowStagesResult {
  readonly rows: number;
  readonly counts: RowStageCounts;
  /** True when rows were left `Queued` on purpose (stop requested, Ollama unavailable): safe to resume. */
  readonly interrupted: boolean;
  /** True when a stop was requested (rows left at their checkpoint); false when rows only wait for captions. */
  readonly stopped: boolean;
  /** Why the caption stage did not run or stopped early (already said as `[WARN]` lines). */
  readonly notices: readonly string[];
}

/**
 * Stages 5–7 over every waiting row, each row flowing independently from its checkpoint: quality +
 * derivatives (one decode), then captions, with bounded concurrency per stage. Ollama unreachable
 * at the start skips stage 7 for this run (rows wait in `Queued`, SPEC §7).
 */
export async function runRowStages(options: RowStagesOptions): Promise<RowStagesResult> {
  const counts: RowStageCounts = { pending: 0, needs_work: 0, quarantined: 0, errors: 0, waiting: 0 };
  const notices: string[] = [];
  const rows = await restageRequeued(options, selectWaitingRows(options.db), counts);
  if (rows.length === 0) return { rows: 0, counts, interrupted: false, stopped: false, notices };

  // Rows past stage 6 only need captions: the scorer (models, worker threads) is not opened for them.
  const needsQuality = rows.some((row) => row.stage_done < DERIVED_STAGE);
  const scorer = needsQuality ? await (options.openScorer ?? (() => openDefaultScorer(options)))() : null;
  let captioner: Captioner;
  try {
    captioner = (options.openCaptioner ?? (() => openDefaultCaptioner(options)))();
  } catch (error) {
    await scorer?.close(); // the scorer's worker threads must not outlive a run that could not start
    throw error;
  }
  try {
    const captionReady = await checkCaptioner(options, captioner, notices);
    const qcRows: QcRow[] = [];
    const flowStages: FlowStage<QueueRow>[] = [createQualityStep(options, scorer, counts)];
    if (captionReady) flowStages.push(createCaptionStep(options, captioner, counts, qcRows));
    const startIndex = (row: QueueRow): number => (row.stage_done < DERIVED_STAGE ? 0 : 1);
    const stages = flowStages.map((stage, index) => countStage(options, stage, index === 0 ? rows.filter((r) => startIndex(r) === 0).length : rows.length));
    announce(options, stages, rows, startIndex);
    let settled = 0;
    const settlements = await runRowFlow({
      rows,
      stages,
      startIndex,
      ...(options.stop ? { stop: options.stop } : {}),
      ...(options.abort ? { abort: options.abort } : {}),
      onSettled: () => {
        settled += 1;
        if (options.onProgress) options.onProgress({ done: settled, total: rows.length });
        else if (settled % 10 === 0 || settled === rows.length) options.say(`  ${settled}/${rows.length} row(s) through stages 5-7`);
      },
    });
    // A stage that threw (a full disk, a locked database, a bug) halted the flow: rows in a stage
    // finished it, the others stay at their checkpoint; the run stops with that error.
    const failure = settlements.find((s) => s.kind === 'failed');
    if (failure?.kind === 'failed') {
      const halted = settlements.filter((s) => s.kind === 'interrupted').length;
      const error = toProofsheetError(failure.error);
      options.runLog?.stageError(failure.stage, error);
      options.runLog?.warn('run halted by a stage failure', { stage: failure.stage, left_waiting: halted });
      throw error;
    }
    for (const stage of stages) {
      options.runLog?.stageComplete(stage.name, { processed: stage.processed });
      if (stage.name === 'quality') options.runLog?.stageComplete('derive', { processed: stage.processed });
    }
    if (qcRows.length > 0) await writeQcReport(options, qcRows);
    const leftWaiting = settlements.filter((s) => s.kind === 'interrupted' || (s.kind === 'completed' && !captionReady)).length;
    counts.waiting += leftWaiting;
    const stopped = settlements.some((s) => s.kind === 'interrupted');
    if (stopped) {
      notices.push(`stopped on request: ${leftWaiting} row(s) left Queued at their checkpoint; run "proofsheet resume" to continue`);
      options.say(`[WARN] ${notices.at(-1) ?? ''}`);
      options.runLog?.warn('run stopped on request', { left_waiting: leftWaiting });
    }
    return { rows: rows.length, counts, interrupted: stopped || !captionReady || counts.waiting > 0, stopped, notices };
  } finally {
    captioner.close();
    await scorer?.close();
  }
}

/** A flow stage that counts the rows it handled and reports its own progress (`stage_progress`) against its pending rows. */
function countStage(options: RowStagesOptions, stage: FlowStage<QueueRow>, pending: number): FlowStage<QueueRow> & { readonly processed: number } {
  let processed = 0;
  return {
    name: stage.name,
    concurrency: stage.concurrency,
    get processed() {
      return processed;
    },
    async handle(row, signal) {
      const result = await stage.handle(row, signal);
      processed += 1;
      options.runLog?.stageProgress(stage.name, { done: processed, total: pending });
      return result;
    },
  };
}

/** Rows requeued at stages 1–3 are staged again from their originals first; those whose original is gone go back to `Error`. */
async function restageRequeued(options: RowStagesOptions, rows: QueueRow[], counts: RowStageCounts): Promise<QueueRow[]> {
  const requeued = rows.filter(needsRestage);
  if (requeued.length === 0) return rows;
  const report = await reverifyIncoming(options.db, requeued, { dryRun: false });
  counts.errors += report.missing.length;
  const lost = new Set(report.missing.map((m) => m.row_id));
  options.say(`[INFO] ${requeued.length} requeued row(s) checked against their originals: ${report.restaged.length} restaged, ${report.missing.length} still missing`);
  return rows.filter((row) => !lost.has(row.id));
}

/** The prefill QC report (SPEC §7) of the rows captioned in this run: in the run directory and as the latest one. */
async function writeQcReport(options: RowStagesOptions, rows: readonly QcRow[]): Promise<void> {
  const report = buildPrefillQcReport(rows, new Date());
  await writePrefillQcReport(report, [path.join(options.paths.runs, options.runId, 'prefill_qc.json'), path.join(options.paths.data, 'prefill_qc_last.json')]);
  options.runLog?.info('prefill QC report written', { rows: rows.length });
}

function announce(options: RowStagesOptions, stages: FlowStage<QueueRow>[], rows: QueueRow[], startIndex: (row: QueueRow) => number): void {
  options.say(`${toStageHeader('quality')} + ${toStageHeader('derive').replace(/^\[STAGE /, '[')} (one decode per original)`);
  options.runLog?.stageStart('quality', rows.filter((r) => startIndex(r) === 0).length);
  options.runLog?.stageStart('derive', rows.filter((r) => startIndex(r) === 0).length);
  if (stages.length > 1) {
    options.say(`${toStageHeader('caption')} (starts as soon as the first row is derived)`);
    options.runLog?.stageStart('caption', rows.length);
  }
}

async function checkCaptioner(options: RowStagesOptions, captioner: Captioner, notices: string[]): Promise<boolean> {
  if (!captioner.settings.enabled) {
    options.say('[INFO] captioning is off: rows go to Pending with caption_skipped');
    return true;
  }
  const report = await captioner.startupCheck();
  for (const line of report.lines) {
    options.say(`[INFO] ${line}`);
    options.runLog?.info(line);
  }
  for (const warning of report.warnings) options.runLog?.warn(warning);
  if (report.ok) return true;
  const notice = report.notice ?? 'Caption prefill skipped for this run';
  options.say(`[WARN] ${notice}`);
  options.runLog?.warn(notice);
  notices.push(notice);
  return false;
}

function openDefaultScorer(options: RowStagesOptions): Promise<QualityScorer> {
  const { quality } = options.config;
  return createQualityScorer({
    providers: quality.providers,
    models: quality.models,
    baseDir: options.paths.root,
    proxyMaxEdge: quality.proxyMaxEdge,
    log: (line) => {
      options.say(`[INFO] ${line}`);
      options.runLog?.info(line);
    },
    warn: (line) => {
      options.say(`[WARN] ${line}`);
      options.runLog?.warn(line);
    },
  });
}

function openDefaultCaptioner(options: RowStagesOptions): Captioner {
  const log = {
    info: (fields: Record<string, unknown>, message: string) => options.runLog?.info(message, fields),
    warn: (fields: Record<string, unknown>, message: string) => options.runLog?.warn(message, fields),
  };
  return createCaptioner(toCaptionSettings(options.config.caption), { log, existingTexts: readExistingTexts(options.db) });
}
