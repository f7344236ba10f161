import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import { isInCatalog, toNameKey, type Reservation, type ReservationState } from './filename-reservations.js';

/** Stage 2 (staging): a row that failed at or before it never had a staged copy or derivatives. */
const LAST_STAGE_BEFORE_NAMING = 2;

/** One reservation with what its row and run say about it (`proofsheet names`). */
export interface NameListing extends Reservation {
  /** The row's `Review_Status`, or null when the row is gone (or the name never had one). */
  readonly review_status: string | null;
  readonly error_stage: number | null;
  /** The status of the run that reserved the name, or null when unknown. */
  readonly run_status: string | null;
}

/** Every reservation (optionally of one state), with its row and run, ordered by prefix and seq. */
export function listNameReservations(db: SqliteDatabase, filter: { readonly state?: ReservationState } = {}): NameListing[] {
  const where = filter.state === undefined ? '' : 'WHERE f.state = ?';
  const sql = `SELECT f.*, q.Review_Status AS review_status, q.error_stage AS error_stage, r.status AS run_status
    FROM filename_reservations f
    LEFT JOIN review_queue q ON q.id = f.row_id
    LEFT JOIN runs r ON r.id = f.run_id
    ${where} ORDER BY f.prefix_key, f.seq, f.name_key`;
  const statement = db.prepare(sql);
  return (filter.state === undefined ? statement.all() : statement.all(filter.state)) as NameListing[];
}

/** What {@link releaseNames} did (or would do) with one name. */
export interface ReleaseOutcome {
  readonly name: string;
  readonly outcome: 'released' | 'would_release' | 'already_released' | 'refused';
  readonly row_id: number | null;
  readonly reason: string;
}

/**
 * Releases reserved names whose row can no longer use them: the row was rejected, failed at or
 * before staging (stage ≤ 2), or no longer exists. Refused (as a value, with the reason) for an
 * unknown name, a committed (published) name, a name whose row is still alive in the pipeline or
 * in review, a name of a run that is still `running` (live or interrupted: resume it first), and
 * any name the catalog mirror holds. One `BEGIN IMMEDIATE` transaction; `dryRun` changes nothing.
 *
 * A released name stays in `filename_reservations`, so the allocator (which counts every state
 * and never reuses a gap) never hands it out again; only an explicit rename can take it, and that
 * is refused while the catalog holds it.
 */
export function releaseNames(db: SqliteDatabase, names: readonly string[], options: { readonly dryRun?: boolean } = {}): ReleaseOutcome[] {
  return runImmediate(db, () =>
    names.map((name) => {
      const decision = decideRelease(db, name);
      if (decision.outcome !== 'would_release' || options.dryRun === true) return decision;
      db.prepare("UPDATE filename_reservations SET state = 'released', updated_at = ? WHERE name_key = ? AND state = 'reserved'").run(nowIso(), toNameKey(name));
      return { ...decision, outcome: 'released' as const };
    }),
  );
}

function decideRelease(db: SqliteDatabase, name: string): ReleaseOutcome {
  const key = toNameKey(name);
  const found = db
    .prepare(
      `SELECT f.name, f.state, f.row_id, q.id AS live_row, q.Review_Status AS review_status, q.error_stage AS error_stage, r.status AS run_status, f.run_id
       FROM filename_reservations f LEFT JOIN review_queue q ON q.id = f.row_id LEFT JOIN runs r ON r.id = f.run_id WHERE f.name_key = ?`,
    )
    .get(key) as
    | { name: string; state: ReservationState; row_id: number | null; live_row: number | null; review_status: string | null; error_stage: number | null; run_status: string | null; run_id: string | null }
    | undefined;
  if (found === undefined) return { name, outcome: 'refused', row_id: null, reason: 'no reservation has this name (see "proofsheet names")' };
  const refuse = (reason: string): ReleaseOutcome => ({ name: found.name, outcome: 'refused', row_id: found.row_id, reason });
  if (isInCatalog(db, key)) return refuse('the published catalog (local mirror) holds this name; it can never be given to another photo');
  if (found.state === 'released') return { name: found.name, outcome: 'already_released', row_id: found.row_id, reason: 'already released' };
  if (found.state === 'committed') return refuse('the name is committed: its row was published');
  const why = toReleaseReason(found);
  if (why === null) return refuse(`row ${found.row_id ?? '?'} is ${found.review_status ?? 'unknown'} and still uses this name; reject it first`);
  if (found.live_row === null && found.run_status === 'running') return refuse(`run ${found.run_id ?? '?'} that reserved it is still running or interrupted; let it finish or run "proofsheet resume" first`);
  return { name: found.name, outcome: 'would_release', row_id: found.row_id, reason: why };
}

function toReleaseReason(found: { row_id: number | null; live_row: number | null; review_status: string | null; error_stage: number | null }): string | null {
  if (found.live_row === null) return found.row_id === null ? 'no row holds it' : `row ${found.row_id} is gone`;
  if (found.review_status === 'Rejected') return `row ${found.row_id} was rejected`;
  if (found.review_status === 'Error' && found.error_stage !== null && found.error_stage <= LAST_STAGE_BEFORE_NAMING) return `row ${found.row_id} failed at stage ${found.error_stage}, before staging finished`;
  return null;
}
