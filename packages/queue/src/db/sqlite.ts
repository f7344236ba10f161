import Database from 'better-sqlite3';
import { ProofsheetError } from '@proofsheet/core';
import { guardDatabase } from './guard-database.js';
import { findDatabaseWriter, type LockHolder } from './lock-holder.js';
import { isBusyError, translateSqliteError } from './sqlite-errors.js';

/** An open SQLite connection. This module is the only importer of better-sqlite3. */
export type SqliteDatabase = Database.Database;

export interface OpenDatabaseOptions {
  /** Open an existing file read-only; never creates it. */
  readonly readonly?: boolean;
  /** Milliseconds to wait for a lock held by another process (default 5000). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating when needed) the SQLite database at `file` with the settings every connection
 * uses: WAL journal, `synchronous = NORMAL`, foreign keys on and a busy timeout, so the CLI and the
 * review server can share it. Open failures become `DB_OPEN_FAILED` (`DB_BUSY` for a lock); every
 * later statement translates SQLite's environment failures too ({@link guardDatabase}).
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return guardDatabase(db, file);
  } catch (error) {
    db?.close();
    throw toDatabaseError(error, file);
  }
}

/** Result of {@link probeDatabase}. */
export interface DatabaseProbe {
  readonly ok: boolean;
  readonly detail: string;
  /** The process holding the write lock, when one does and it can be named. */
  readonly writer?: LockHolder & { readonly run_id: string | null };
}

/**
 * Checks, without changing anything, that the database file exists, opens, passes SQLite's
 * quick check and is not write-locked by another process. A held lock is found by trying to take
 * it without waiting (in WAL mode readers never see it); its holder is named from the kernel's lock
 * table, with the run it owns when it is a Proofsheet run.
 */
export function probeDatabase(file: string): DatabaseProbe {
  let db: SqliteDatabase | undefined;
  try {
    db = openDatabase(file, { readonly: true, busyTimeoutMs: 200 });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return { ok: false, detail: `quick_check reported: ${String(check)}` };
    const journal = String(db.pragma('journal_mode', { simple: true }));
    if (isWriteLocked(file)) return describeWriter(db, file);
    return { ok: true, detail: `${file} (journal ${journal}, no writer holds the lock)` };
  } catch (error) {
    const failure = error instanceof ProofsheetError ? error : toDatabaseError(error, file);
    return { ok: false, detail: failure.message };
  } finally {
    db?.close();
  }
}

/** Tries `BEGIN IMMEDIATE` without waiting on a connection of its own; rolls back at once. */
function isWriteLocked(file: string): boolean {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (error) {
    if (isBusyError(error)) return true;
    throw error;
  } finally {
    db.close();
  }
}

function describeWriter(db: SqliteDatabase, file: string): DatabaseProbe {
  const holder = findDatabaseWriter(file);
  if (holder === null) return { ok: false, detail: `${file} is write-locked by another connection (its process could not be identified)` };
  let run: { id: string } | undefined;
  try {
    run = db.prepare("SELECT id FROM runs WHERE status = 'running' AND pid = ? ORDER BY started_at DESC LIMIT 1").get(holder.pid) as { id: string } | undefined;
  } catch {
    run = undefined; // a database not yet initialised has no runs table: name the process only
  }
  const who = run ? `run ${run.id} (pid ${holder.pid})` : `process ${holder.pid}${holder.command ? ` (${holder.command})` : ''}`;
  return { ok: false, detail: `${file} is write-locked by ${who}; wait for it to finish, or stop it`, writer: { ...holder, run_id: run?.id ?? null } };
}

function toDatabaseError(error: unknown, file: string): ProofsheetError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (isBusyError(error)) return translateSqliteError(error, file) as ProofsheetError;
  if (code === 'SQLITE_CANTOPEN' || /does not exist|unable to open/i.test(message)) {
    return new ProofsheetError('DB_OPEN_FAILED', `cannot open database ${file}: ${message}`, { cause: error });
  }
  return new ProofsheetError('DB_OPEN_FAILED', `database ${file} is not usable: ${message}`, { cause: error });
}
