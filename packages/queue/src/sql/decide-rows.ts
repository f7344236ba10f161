import { toProofsheetError, type ReviewStatus } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import type { Actor } from './row-events.js';
import { transitionRow } from './transition-row.js';

/** A review decision, as the CLI commands and the review API name it. */
export type Decision = 'approve' | 'reject' | 'pending';

/** The `Review_Status` each decision moves a row to. */
export const DECISION_STATUS = { approve: 'Approved', reject: 'Rejected', pending: 'Pending' } as const satisfies Record<Decision, ReviewStatus>;

/** The outcome of one decision (docs/cli-json.md): the move made, or why this id was refused. */
export type DecisionResult =
  | { readonly id: number; readonly ok: true; readonly from: ReviewStatus; readonly to: ReviewStatus; readonly File_Name: string | null }
  | { readonly id: number | string; readonly ok: false; readonly error_code: string; readonly message: string };

/**
 * Applies `decision` to row `id` with the transition rules (actor `operator`, one transaction): the
 * row's own problems (unknown id, illegal transition, name taken) are returned as a refused
 * result so that the other ids of a bulk decision go on; an environment failure (`DB_BUSY`, a full
 * disk) or a bug is thrown, since no other id would fare better. The CLI's `approve`/`reject`/
 * `pending` and the review server both decide through this function.
 */
export function decideRow(db: SqliteDatabase, id: number, decision: Decision, actor: Actor): DecisionResult {
  try {
    const result = transitionRow(db, id, DECISION_STATUS[decision], actor);
    return { id, ok: true, from: result.from, to: result.to, File_Name: result.File_Name };
  } catch (error) {
    const failure = toProofsheetError(error);
    if (failure.kind === 'internal' || failure.kind === 'operational') throw failure;
    return { id, ok: false, error_code: failure.code, message: failure.message };
  }
}

/** {@link decideRow} for each id in order (one transaction per id), every id reported. */
export function decideRows(db: SqliteDatabase, ids: readonly number[], decision: Decision, actor: Actor): DecisionResult[] {
  return ids.map((id) => decideRow(db, id, decision, actor));
}
