import { findInterruptedRuns, listSets, returnStrandedRows, type RunRecord, type SetRecord, type SqliteDatabase } from '@proofsheet/queue';
import { reverifyIncoming, type ReverifyReport } from './reverify-incoming.js';
import { DERIVED_STAGE, selectWaitingRows } from './select-rows.js';

/** What `resume` will do (or, with `recover --dry-run`, would do). */
export interface RecoveryPlan {
  /** Runs left `running` by a process that is gone. */
  readonly interrupted: readonly RunRecord[];
  /** Sets whose stages 1–4 must run (again): left mid-ingest, or named by an interrupted run and never ingested. */
  readonly sets: readonly SetRecord[];
  /** Waiting rows by the stage they continue from (5 = quality + derivatives, 7 = caption). */
  readonly rowsFrom: { readonly quality: number; readonly caption: number };
  /** The check of every waiting row's staged copy. */
  readonly incoming: ReverifyReport;
  /**
   * `Queued` rows no stage can continue (an older `retry` requeued them before they had a staged,
   * named copy): moved back to `Error` (unless a dry run), where `reject` ends them.
   */
  readonly stranded: number;
  /** Whether this plan only reports (`recover --dry-run`). */
  readonly dryRun: boolean;
}

/**
 * Plans a resume (SPEC §9). Without `dryRun`, damaged staged copies are restaged from the
 * originals, rows whose original is gone become `Error` / `SOURCE_MISSING` and stranded `Queued`
 * rows go back to `Error` (`returnStrandedRows`); nothing else
 * changes here — the batch itself then continues every row from its checkpoint.
 */
export async function planRecovery(db: SqliteDatabase, options: { readonly dryRun: boolean }): Promise<RecoveryPlan> {
  const interrupted = findInterruptedRuns(db);
  const named = new Set(interrupted.flatMap((run) => run.set_ids));
  const sets = listSets(db).filter((set) => set.status === 'ingesting' || (set.status === 'pending' && named.has(set.id)));
  const waiting = selectWaitingRows(db);
  const incoming = await reverifyIncoming(db, waiting, options);
  const rowsFrom = { quality: waiting.filter((row) => row.stage_done < DERIVED_STAGE).length, caption: waiting.filter((row) => row.stage_done >= DERIVED_STAGE).length };
  const stranded = returnStrandedRows(db, options).length;
  return { interrupted, sets, rowsFrom, incoming, stranded, dryRun: options.dryRun };
}

/** Whether a plan has anything to do. */
export function hasRecoveryWork(plan: RecoveryPlan): boolean {
  return plan.interrupted.length > 0 || plan.sets.length > 0 || plan.rowsFrom.quality + plan.rowsFrom.caption > 0 || plan.stranded > 0;
}

/** The plan as human lines (shared by `resume` and `recover --dry-run`). */
export function formatRecoveryPlan(plan: RecoveryPlan): string[] {
  const lines = [
    `interrupted runs: ${plan.interrupted.length === 0 ? 'none' : plan.interrupted.map((run) => `${run.id} (pid ${run.pid ?? '?'}, started ${run.started_at})`).join(', ')}`,
    `sets to ingest: ${plan.sets.length === 0 ? 'none' : plan.sets.map((set) => `${set.id} (${set.status})`).join(', ')}`,
    `waiting rows: ${plan.rowsFrom.quality} continue from stage 5 (quality + derivatives), ${plan.rowsFrom.caption} from stage 7 (caption)`,
    `staged copies: ${plan.incoming.intact} intact, ${plan.incoming.restaged.length} to restage from the original, ${plan.incoming.missing.length} lost (→ Error SOURCE_MISSING)`,
  ];
  for (const lost of plan.incoming.missing) lines.push(`  row ${lost.row_id} ${lost.File_Name ?? ''}: ${lost.reason}`);
  if (plan.stranded > 0) {
    lines.push(`${plan.stranded} Queued row(s) were requeued before they had a staged, named copy and no stage can continue them: ${plan.dryRun ? 'they go' : 'moved'} back to Error; reject them, or add their folder again as a set`);
  }
  return lines;
}
