import type { SqliteDatabase } from './sqlite.js';

/**
 * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT` (rolled back if it throws). IMMEDIATE takes the write
 * lock up front, so a read-modify-write (such as allocating the next filename sequence) can never
 * interleave with another process; waiting for the lock is bounded by the busy timeout. `fn` must be
 * synchronous: a transaction is never held across an await. Called inside an open transaction
 * (for example one `runImmediate` wrapping several store calls) it runs `fn` in that transaction.
 */
export function runImmediate<T>(db: SqliteDatabase, fn: () => T): T {
  if (db.inTransaction) return fn();
  return db.transaction(fn).immediate();
}
