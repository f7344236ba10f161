import { ProofsheetError } from '@proofsheet/core';
import { findInterruptedRuns, listRuns, type SqliteDatabase } from '@proofsheet/queue';

/**
 * Refuses to start a batch while another one is alive (`running` and not interrupted): two runs
 * over the same sets and rows would ingest and caption them twice.
 */
export function refuseWhileRunning(db: SqliteDatabase): void {
  const interrupted = new Set(findInterruptedRuns(db).map((run) => run.id));
  const live = listRuns(db, { limit: 100 }).filter((run) => run.status === 'running' && !interrupted.has(run.id));
  if (live.length === 0) return;
  throw new ProofsheetError('RUN_IN_PROGRESS', `run ${live.map((r) => `${r.id} (pid ${r.pid ?? '?'})`).join(', ')} is still running; wait for it or stop it with Ctrl+C`, {
    details: { runs: live.map((r) => r.id) },
  });
}
