import type { StageName } from '@proofsheet/core';
import { createLimiter, type Limiter } from './limiter.js';

/** What one stage did for one row: go on to the next stage, or stop this row here. */
export type StepResult = { readonly next: true } | { readonly next: false; readonly reason: string };

/** One stage of the per-row flow (stages 5–7): its name, concurrency and handler. */
export interface FlowStage<Row> {
  readonly name: StageName;
  readonly concurrency: number;
  /**
   * Handles one row. Expected row failures are recorded by the handler and returned as
   * `{ next: false }`; throwing means the environment failed or a bug, and stops the whole flow.
   */
  handle(row: Row, signal: AbortSignal): Promise<StepResult>;
}

/** How a row left the flow. */
export type RowSettlement<Row> =
  | { readonly row: Row; readonly kind: 'completed' }
  | { readonly row: Row; readonly kind: 'stopped'; readonly stage: StageName; readonly reason: string }
  | { readonly row: Row; readonly kind: 'failed'; readonly stage: StageName; readonly error: unknown }
  | { readonly row: Row; readonly kind: 'interrupted'; readonly stage: StageName };

export interface RowFlowOptions<Row> {
  readonly rows: readonly Row[];
  readonly stages: readonly FlowStage<Row>[];
  /** Which stage each row starts at (its checkpoint): index into `stages`, or `stages.length` if done. */
  readonly startIndex: (row: Row) => number;
  /** Graceful stop: no row enters a new stage after this aborts; rows in a stage finish it. */
  readonly stop?: AbortSignal;
  /** Hard abort: passed to the handlers, which should give up at once. */
  readonly abort?: AbortSignal;
  readonly onSettled?: (settlement: RowSettlement<Row>) => void;
}

/**
 * Runs every row through the stages in order, each row independently: a row enters stage k+1 as
 * soon as it leaves stage k, while other rows are still in earlier stages, so a batch takes about
 * as long as its slowest stage rather than the sum (SPEC §3). Each stage admits at most its
 * `concurrency` rows at once. Resolves when every row has settled.
 *
 * The first handler that throws (a full disk, a locked database, a bug) halts the flow like a
 * graceful stop: no row enters a stage after it, rows already in a stage finish it (reaching their
 * checkpoint), and the rest settle as `interrupted`; the failure itself settles as `failed`.
 */
export async function runRowFlow<Row>(options: RowFlowOptions<Row>): Promise<RowSettlement<Row>[]> {
  const limiters = options.stages.map((stage) => createLimiter(stage.concurrency));
  const abort = options.abort ?? new AbortController().signal;
  const halt = new AbortController();
  const stop = options.stop ? AbortSignal.any([options.stop, halt.signal]) : halt.signal;
  const settle = (settlement: RowSettlement<Row>): RowSettlement<Row> => {
    try {
      options.onSettled?.(settlement);
    } catch {
      // A progress callback must never tear down the flow while other rows are still in a stage.
    }
    return settlement;
  };
  const flow = { ...options, stop, halt: () => halt.abort() };
  return Promise.all(options.rows.map((row) => runOneRow(row, flow, limiters, abort).then(settle)));
}

async function runOneRow<Row>(row: Row, options: RowFlowOptions<Row> & { halt: () => void }, limiters: Limiter[], abort: AbortSignal): Promise<RowSettlement<Row>> {
  for (let index = options.startIndex(row); index < options.stages.length; index += 1) {
    const stage = options.stages[index] as FlowStage<Row>;
    const limiter = limiters[index] as Limiter;
    const outcome = await limiter.run(async (): Promise<RowSettlement<Row> | StepResult> => {
      // Checked after the slot is granted: a row queued before the stop must not start.
      if (options.stop?.aborted || abort.aborted) return { row, kind: 'interrupted', stage: stage.name };
      try {
        return await stage.handle(row, abort);
      } catch (error) {
        options.halt();
        return { row, kind: 'failed', stage: stage.name, error };
      }
    });
    if ('kind' in outcome) return outcome;
    if (!outcome.next) return { row, kind: 'stopped', stage: stage.name, reason: outcome.reason };
  }
  return { row, kind: 'completed' };
}
