import { ERROR_CODES, ProofsheetError, STAGES, isErrorCode, type QcStatus, type ReviewStatus } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import { assertTransition, isReviewStatus } from '../status/transitions.js';
import { requireRow } from './read-rows.js';
import { recordRowEvent, type Actor } from './row-events.js';
import { reserveNameForRow, setRowReservationState } from './filename-reservations.js';
import type { RowErrorInput } from './insert-rows.js';

/** The result of a status change. */
export interface TransitionResult {
  readonly id: number;
  readonly from: ReviewStatus;
  readonly to: ReviewStatus;
  readonly File_Name: string | null;
}

/** Checks the transition and applies its reservation effects; returns the current status. Inside a transaction. */
function checkAndApplyEffects(db: SqliteDatabase, id: number, to: ReviewStatus, actor: Actor): { from: ReviewStatus; fileName: string | null } {
  const row = requireRow(db, id);
  const from = row.Review_Status as string;
  if (!isReviewStatus(from)) {
    throw new ProofsheetError('ILLEGAL_TRANSITION', `row ${id}: legacy status "${from}" has no transitions; set it with a migration first`, { details: { row_id: id, from, to } });
  }
  assertTransition(from, to, actor.kind, id);
  if (row.File_Name !== null) {
    if (to === 'Rejected') setRowReservationState(db, id, 'released');
    if (to === 'Published') setRowReservationState(db, id, 'committed');
    if (from === 'Rejected') reserveNameForRow(db, id, row.File_Name, actor.runId ?? null);
  }
  return { from, fileName: row.File_Name };
}

/**
 * Moves row `id` to `to` on behalf of `actor`, following the transition table (SPEC §3): an
 * illegal move throws `ILLEGAL_TRANSITION` and changes nothing; an unknown id throws
 * `ROW_NOT_FOUND`. Reject releases the row's name, publish commits it, undoing a rejection
 * re-reserves it; `Error → Queued` (actor `retry`) requeues the row at its failed stage (refused for
 * a row that failed before it was named: see {@link retryErrorRows}). The
 * decision is recorded as a row event. Moving to `Error` needs the error: use {@link markRowError}.
 */
export function transitionRow(db: SqliteDatabase, id: number, to: Exclude<ReviewStatus, 'Error'>, actor: Actor): TransitionResult {
  if ((to as ReviewStatus) === 'Error') throw new ProofsheetError('INTERNAL', 'use markRowError to move a row to Error');
  return runImmediate(db, () => {
    const { from, fileName } = checkAndApplyEffects(db, id, to, actor);
    if (to === 'Queued') {
      requeueOrRefuse(db, id, actor);
    } else {
      db.prepare('UPDATE review_queue SET Review_Status = ?, updated_at = ? WHERE id = ?').run(to, nowIso(), id);
      recordRowEvent(db, { rowId: id, kind: 'decision', field: 'Review_Status', oldValue: from, newValue: to, actor });
    }
    return { id, from, to, File_Name: fileName };
  });
}

/**
 * Moves row `id` to `Error` with its code, message and stage (all three are required: SPEC §3).
 * `qcStatus` sets a failure marker at the same time (`ResizeFailed`, `ScoringFailed`, …).
 */
export function markRowError(db: SqliteDatabase, id: number, error: RowErrorInput & { readonly qcStatus?: QcStatus }, actor: Actor = { kind: 'pipeline' }): TransitionResult {
  return runImmediate(db, () => {
    const { from, fileName } = checkAndApplyEffects(db, id, 'Error', actor);
    db.prepare(
      "UPDATE review_queue SET Review_Status = 'Error', error_code = ?, error_message = ?, error_stage = ?, QC_Status = coalesce(?, QC_Status), updated_at = ? WHERE id = ?",
    ).run(error.code, error.message, error.stage, error.qcStatus ?? null, nowIso(), id);
    recordRowEvent(db, { rowId: id, kind: 'error', field: 'Review_Status', oldValue: from, newValue: `Error:${error.code}@${error.stage}`, actor });
    return { id, from, to: 'Error', File_Name: fileName };
  });
}

/** Which `Error` rows to requeue. */
export interface RetryFilter {
  readonly code?: string;
  readonly stage?: number;
  readonly ids?: readonly number[];
}

/** One requeued row: it continues at `stage` (its failed stage). */
export interface RetriedRow {
  readonly id: number;
  readonly error_code: string;
  readonly stage: number;
  readonly attempts: number;
}

/** An `Error` row that `retry` does not requeue, and why (what the operator can do instead). */
export interface RefusedRetry {
  readonly id: number;
  readonly error_code: string;
  readonly stage: number;
  readonly reason: string;
}

/** What {@link retryErrorRows} did: rows requeued, and rows refused with their reason. */
export interface RetryResult {
  readonly requeued: RetriedRow[];
  readonly refused: RefusedRetry[];
}

type RetryCandidate = {
  id: number;
  error_code: string;
  error_stage: number;
  attempts: number;
  File_Name: string | null;
  incoming_path: string | null;
  content_sha256: string | null;
};

/** Whether `code` is final: retrying the same operation cannot succeed (`ERROR_CODES`; an unknown code counts as final). */
export function isFinalErrorCode(code: string): boolean {
  return !isErrorCode(code) || !ERROR_CODES[code].retryable;
}

/**
 * Why `retry` cannot requeue this `Error` row, or null when it can. A row with a staged, named copy
 * continues at its failed stage whatever its code (a restored original, a fixed captioner). A row
 * that failed before it was named (stages 1–3) has nothing a stage could continue from: with a
 * final code (an empty file, not an image, a name too long) the way out is `reject`; with a
 * retryable one (the file changed while it was copied) adding its folder again stages it afresh
 * (such a row is not a duplicate, see `findDuplicateByHash`).
 */
function toRetryRefusal(row: RetryCandidate): string | null {
  // Requeued past insertion (stage_done ≥ 4) the runner continues it; below, it is restaged from its named copy.
  if (row.error_stage > STAGES.insert.number) return null;
  if (row.File_Name !== null && row.incoming_path !== null && row.content_sha256 !== null) return null;
  const where = `it failed at stage ${row.error_stage}, before it had a staged, named copy`;
  const reject = `reject the row ("proofsheet reject ${row.id}")`;
  if (isFinalErrorCode(row.error_code)) return `${row.error_code} is final for this file (${where}): a retry cannot change it; ${reject}`;
  return `${row.error_code}: ${where}, so no stage can continue it; add its folder again as a set to stage the file afresh, then ${reject}`;
}

function readCandidate(db: SqliteDatabase, id: number): RetryCandidate {
  return db.prepare('SELECT id, error_code, error_stage, attempts, File_Name, incoming_path, content_sha256 FROM review_queue WHERE id = ?').get(id) as RetryCandidate;
}

const QC_FAILURE_MARKERS = ['ScoringFailed', 'ResizeFailed', 'CaptionQuarantined'];

/** Error → Queued at the failed stage; the caller has checked the transition and {@link toRetryRefusal}. Inside a transaction. */
function requeueRow(db: SqliteDatabase, row: RetryCandidate, actor: Actor): RetriedRow {
  db.prepare(
    `UPDATE review_queue SET Review_Status = 'Queued', stage_done = ?, attempts = attempts + 1, error_code = NULL, error_message = NULL, error_stage = NULL,
       QC_Status = CASE WHEN QC_Status IN (${QC_FAILURE_MARKERS.map(() => '?').join(', ')}) THEN 'NA' ELSE QC_Status END, updated_at = ? WHERE id = ?`,
  ).run(Math.max(0, row.error_stage - 1), ...QC_FAILURE_MARKERS, nowIso(), row.id);
  recordRowEvent(db, { rowId: row.id, kind: 'retry', field: 'Review_Status', oldValue: `Error:${row.error_code}@${row.error_stage}`, newValue: 'Queued', actor });
  return { id: row.id, error_code: row.error_code, stage: row.error_stage, attempts: row.attempts + 1 };
}

/** {@link requeueRow} for one row, refusing (`ILLEGAL_TRANSITION`, with the reason) a row that cannot be continued. */
function requeueOrRefuse(db: SqliteDatabase, id: number, actor: Actor): RetriedRow {
  const row = readCandidate(db, id);
  const refusal = toRetryRefusal(row);
  if (refusal !== null) throw new ProofsheetError('ILLEGAL_TRANSITION', `row ${id}: cannot requeue: ${refusal}`, { details: { row_id: id, from: 'Error', to: 'Queued', error_code: row.error_code } });
  return requeueRow(db, row, actor);
}

/**
 * Requeues `Error` rows matching `filter` (all of them by default), in one transaction: each goes
 * back to `Queued` at its failed stage (`stage_done = error_stage − 1`), `attempts` + 1, error
 * fields cleared (the error stays in the row's events) and a QC failure marker reset to `NA`.
 * Rows that failed before they were named are refused, each with its reason (see `RefusedRetry`):
 * requeued, no stage would ever pick them up.
 */
export function retryErrorRows(db: SqliteDatabase, filter: RetryFilter = {}, actor: Actor = { kind: 'retry' }): RetryResult {
  return runImmediate(db, () => {
    const rows = db.prepare("SELECT id, error_code, error_stage FROM review_queue WHERE Review_Status = 'Error' ORDER BY id").all() as Array<{ id: number; error_code: string; error_stage: number }>;
    const picked = rows.filter(
      (r) => (filter.code === undefined || r.error_code === filter.code) && (filter.stage === undefined || r.error_stage === filter.stage) && (filter.ids === undefined || filter.ids.includes(r.id)),
    );
    const result: { requeued: RetriedRow[]; refused: RefusedRetry[] } = { requeued: [], refused: [] };
    for (const { id } of picked) {
      assertTransition('Error', 'Queued', actor.kind, id);
      const row = readCandidate(db, id);
      const reason = toRetryRefusal(row);
      if (reason === null) result.requeued.push(requeueRow(db, row, actor));
      else result.refused.push({ id, error_code: row.error_code, stage: row.error_stage, reason });
    }
    return result;
  });
}
