import type { SqliteDatabase } from '../db/sqlite.js';
import type { ReviewRow } from '../schema/review-columns.js';
import { listPublishJobs, type PublishJob } from './publish-jobs.js';

/** Which Published rows `verify` checks: all, one run (pipeline run or publish id), or published since a date. */
export interface VerifyScope {
  readonly runId?: string;
  /** ISO date or timestamp: rows whose last finished publish job ended at or after it. */
  readonly since?: string;
}

/** A Published row with what the local database records about its publish. */
export interface PublishedRowRecord {
  readonly row: ReviewRow;
  /** The row's last `done` publish job, or null when the journal has none. */
  readonly doneJob: PublishJob | null;
  /** The row's open (pending, running, failed) job, or null. */
  readonly openJob: PublishJob | null;
  /** The state of the reservation of the row's `File_Name`, or null when there is none. */
  readonly reservationState: string | null;
  /** Whether the row is marked for re-publish (an edit since its last publish). */
  readonly markedForRepublish: boolean;
}

/**
 * The `Published` rows in `scope`, by id, each with its journal, reservation and re-publish mark.
 * `runId` matches the row's pipeline run or the run id of any of its publish jobs.
 */
export function listPublishedRowRecords(db: SqliteDatabase, scope: VerifyScope = {}): PublishedRowRecord[] {
  const rows = db.prepare("SELECT * FROM review_queue WHERE Review_Status = 'Published' ORDER BY id").all() as ReviewRow[];
  const reservation = db.prepare('SELECT state FROM filename_reservations WHERE row_id = ? AND name = ? COLLATE NOCASE ORDER BY updated_at DESC LIMIT 1').pluck();
  const marked = db.prepare('SELECT 1 FROM republish_marks WHERE row_id = ?').pluck();
  const records: PublishedRowRecord[] = [];
  for (const row of rows) {
    const jobs = listPublishJobs(db, row.id);
    const doneJob = [...jobs].reverse().find((j) => j.status === 'done') ?? null;
    const openJob = jobs.find((j) => j.status === 'pending' || j.status === 'running' || j.status === 'failed') ?? null;
    if (scope.runId !== undefined && (row as { run_id?: string | null }).run_id !== scope.runId && !jobs.some((j) => j.run_id === scope.runId)) continue;
    if (scope.since !== undefined && (doneJob === null || String((doneJob as { finished_at?: string | null }).finished_at ?? doneJob.updated_at) < scope.since)) continue;
    records.push({
      row,
      doneJob,
      openJob,
      reservationState: (reservation.get(row.id, row.File_Name ?? '') as string | undefined) ?? null,
      markedForRepublish: marked.get(row.id) !== undefined,
    });
  }
  return records;
}

/**
 * Marks Published rows for re-publish (as an edit of their reviewed text would), so the next
 * `publish` re-embeds and re-uploads them under the same name. Returns the ids marked; ids that are
 * not Published are left out.
 */
export function markRowsForRepublish(db: SqliteDatabase, rowIds: readonly number[]): number[] {
  const marked: number[] = [];
  const status = db.prepare('SELECT Review_Status FROM review_queue WHERE id = ?').pluck();
  const mark = db.prepare("INSERT INTO republish_marks (row_id, marked_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT(row_id) DO UPDATE SET marked_at = excluded.marked_at");
  for (const id of rowIds) {
    if (status.get(id) !== 'Published') continue;
    mark.run(id);
    marked.push(id);
  }
  return marked;
}
