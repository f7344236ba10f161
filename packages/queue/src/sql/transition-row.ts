import { ProofsheetError, type QcStatus, type ReviewStatus } from '@proofsheet/core';
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
 * re-reserves it; `Error → Queued` (actor `retry`) requeues the row at its failed stage. The
 * decision is recorded as a row event. Moving to `Error` needs the error: use {@link markRowError}.
 */
export function transitionRow(db: SqliteDatabase, id: number, to: Exclude<ReviewStatus, 'Error'>, actor: Actor): TransitionResult {
  if ((to as ReviewStatus) === 'Error') throw new ProofsheetError('INTERNAL', 'use markRowError to move a row to Error');
  return runImmediate(db, () => {
    const { from, fileName } = checkAndApplyEffects(db, id, to, actor);
    if (to === 'Queued') {
      requeueRow(db, id, actor);
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

const QC_FAILURE_MARKERS = ['ScoringFailed', 'ResizeFailed', 'CaptionQuarantined'];

/** Error → Queued at the failed stage; the caller has checked the transition. Inside a transaction. */
function requeueRow(db: SqliteDatabase, id: number, actor: Actor): RetriedRow {
  const row = db.prepare('SELECT error_code, error_stage, attempts FROM review_queue WHERE id = ?').get(id) as { error_code: string; error_stage: number; attempts: number };
  db.prepare(
    `UPDATE review_queue SET Review_Status = 'Queued', stage_done = ?, attempts = attempts + 1, error_code = NULL, error_message = NULL, error_stage = NULL,
       QC_Status = CASE WHEN QC_Status IN (${QC_FAILURE_MARKERS.map(() => '?').join(', ')}) THEN 'NA' ELSE QC_Status END, updated_at = ? WHERE id = ?`,
  ).run(Math.max(0, row.error_stage - 1), ...QC_FAILURE_MARKERS, nowIso(), id);
  recordRowEvent(db, { rowId: id, kind: 'retry', field: 'Review_Status', oldValue: `Error:${row.error_code}@${row.error_stage}`, newValue: 'Queued', actor });
  return { id, error_code: row.error_code, stage: row.error_stage, attempts: row.attempts + 1 };
}

/**
 * Requeues `Error` rows matching `filter` (all of them by default), in one transaction: each goes
 * back to `Queued` at its failed stage (`stage_done = error_stage − 1`), `attempts` + 1, error
 * fields cleared (the error stays in the row's events) and a QC failure marker reset to `NA`.
 */
export function retryErrorRows(db: SqliteDatabase, filter: RetryFilter = {}, actor: Actor = { kind: 'retry' }): RetriedRow[] {
  return runImmediate(db, () => {
    const rows = db.prepare("SELECT id, error_code, error_stage FROM review_queue WHERE Review_Status = 'Error' ORDER BY id").all() as Array<{ id: number; error_code: string; error_stage: number }>;
    const picked = rows.filter(
      (r) => (filter.code === undefined || r.error_code === filter.code) && (filter.stage === undefined || r.error_stage === filter.stage) && (filter.ids === undefined || filter.ids.includes(r.id)),
    );
    return picked.map((row) => {
      assertTransition('Error', 'Queued', actor.kind, row.id);
      return requeueRow(db, row.id, actor);
    });
  });
}
