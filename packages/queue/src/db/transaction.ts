import { ProofsheetError } from '@proofsheet/core';
import type { SqliteDatabase } from './sqlite.js';

/** How often `BEGIN IMMEDIATE` is tried again after the busy timeout ran out before `fn` ran. */
const LOCK_RETRIES = 2;

/**
 * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT` (rolled back if it throws). IMMEDIATE takes the write
 * lock up front, so a read-modify-write (such as allocating the next filename sequence) can never
 * interleave with another process; waiting for the lock is bounded by the busy timeout. `fn` must be
 * synchronous: a transaction is never held across an await. Called inside an open transaction
 * (for example one `runImmediate` wrapping several store calls) it runs `fn` in that transaction.
 *
 * When the lock stays taken past the busy timeout before `fn` started, nothing has happened yet, so
 * the transaction is tried again ({@link LOCK_RETRIES} times); after that, or when `fn` itself met
 * the lock, the `DB_BUSY` error propagates (an operational failure: the run stops, safe to resume).
 */
export function runImmediate<T>(db: SqliteDatabase, fn: () => T): T {
  if (db.inTransaction) return fn();
  let entered = false;
  const transaction = db.transaction(() => {
    entered = true;
    return fn();
  });
  for (let attempt = 0; ; attempt += 1) {
    try {
      return transaction.immediate();
    } catch (error) {
      const lockedBeforeStart = !entered && error instanceof ProofsheetError && error.code === 'DB_BUSY';
      if (!lockedBeforeStart || attempt >= LOCK_RETRIES) throw error;
    }
  }
}
