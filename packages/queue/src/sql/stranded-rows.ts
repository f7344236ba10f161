import { STAGES, isErrorCode } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { markRowError } from './transition-row.js';

/** A `Queued` row that no stage can continue, moved back to `Error` by {@link returnStrandedRows}. */
export interface ReturnedRow {
  readonly id: number;
  readonly error_code: string;
  readonly stage: number;
}

const RETRIED_ERROR = /^Error:([A-Z_]+)@(\d+)$/;

/**
 * `Queued` rows below insertion (stage_done < 4) without a staged, named copy: rows that an older
 * `retry` requeued although they failed before they were named. No stage selects them and `Queued`
 * cannot be rejected, so each goes back to `Error` with the code and stage its `retry` event
 * recorded (then `reject` ends it, or its folder is added again). Rows without such an event are
 * left as they are. `dryRun` only lists them. One transaction.
 */
export function returnStrandedRows(db: SqliteDatabase, options: { readonly dryRun: boolean }): ReturnedRow[] {
  return runImmediate(db, () => {
    const stranded = db
      .prepare(
        `SELECT id FROM review_queue WHERE Review_Status = 'Queued' AND stage_done < ?
           AND (File_Name IS NULL OR content_sha256 IS NULL OR incoming_path IS NULL) ORDER BY id`,
      )
      .pluck()
      .all(STAGES.insert.number) as number[];
    const lastRetry = db.prepare("SELECT old_value FROM row_events WHERE row_id = ? AND kind = 'retry' ORDER BY id DESC LIMIT 1").pluck();
    const returned: ReturnedRow[] = [];
    for (const id of stranded) {
      const match = RETRIED_ERROR.exec(String(lastRetry.get(id) ?? ''));
      const code = match?.[1];
      if (match === null || !isErrorCode(code)) continue;
      const stage = Number(match[2]);
      const message = 'requeued before it had a staged, named copy: no stage can continue it; reject it, or add its folder again as a set';
      if (!options.dryRun) markRowError(db, id, { code, message, stage });
      returned.push({ id, error_code: code, stage });
    }
    return returned;
  });
}
