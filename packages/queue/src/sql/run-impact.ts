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

/** The row that holds `File_Name` (case-folded like reservations), with its decision, or null. */
export function findRowByFileName(db: SqliteDatabase, fileName: string): { id: number; File_Name: string; Review_Status: string; error_code: string | null } | null {
  const row = db.prepare('SELECT id, File_Name, Review_Status, error_code FROM review_queue WHERE File_Name = ? COLLATE NOCASE ORDER BY id LIMIT 1').get(fileName);
  return (row as { id: number; File_Name: string; Review_Status: string; error_code: string | null } | undefined) ?? null;
}

/**
 * Runs that are not resolved yet, whose logs must stay: still running; stopped (waiting, aborted,
 * failed) and not followed by a completed run since; or with rows of theirs still Queued or in Error.
 */
export function listUnresolvedRunIds(db: SqliteDatabase): Set<string> {
  const ids = db
    .prepare(
      `SELECT id FROM runs WHERE status = 'running'
         OR (status IN ('waiting', 'aborted', 'failed') AND started_at > COALESCE((SELECT max(started_at) FROM runs WHERE status = 'completed'), ''))
       UNION SELECT DISTINCT run_id FROM review_queue WHERE run_id IS NOT NULL AND Review_Status IN ('Queued', 'Error')`,
    )
    .pluck()
    .all() as string[];
  return new Set(ids);
}
