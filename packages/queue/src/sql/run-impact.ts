import type { SqliteDatabase } from '../db/sqlite.js';

/** The rows a run touched, by `Review_Status` and by `QC_Status` (triage's impact). */
export interface RunImpact {
  readonly rows: number;
  readonly review_status: Record<string, number>;
  readonly qc_status: Record<string, number>;
}

/** Counts the rows of run `runId` by status. */
export function countRunRows(db: SqliteDatabase, runId: string): RunImpact {
  const group = (column: 'Review_Status' | 'QC_Status'): Record<string, number> =>
    Object.fromEntries((db.prepare(`SELECT ${column} AS k, count(*) AS n FROM review_queue WHERE run_id = ? GROUP BY ${column} ORDER BY ${column}`).all(runId) as Array<{ k: string; n: number }>).map((r) => [r.k, r.n]));
  const rows = db.prepare('SELECT count(*) FROM review_queue WHERE run_id = ?').pluck().get(runId) as number;
  return { rows, review_status: group('Review_Status'), qc_status: group('QC_Status') };
}
