import Database from 'better-sqlite3';
import { ProofsheetError } from '@proofsheet/core';

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
 * review server can share it. Driver failures become `DB_OPEN_FAILED`.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db?.close();
    throw toDatabaseError(error, file);
  }
}

/** Result of {@link probeDatabase}. */
export interface DatabaseProbe {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Checks, without changing anything, that the database file exists, opens, passes SQLite's
 * quick check and is not write-locked by another process.
 */
export function probeDatabase(file: string): DatabaseProbe {
  let db: SqliteDatabase | undefined;
  try {
    db = openDatabase(file, { readonly: true, busyTimeoutMs: 200 });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return { ok: false, detail: `quick_check reported: ${String(check)}` };
    const journal = db.pragma('journal_mode', { simple: true });
    return { ok: true, detail: `${file} (journal ${String(journal)})` };
  } catch (error) {
    const failure = error instanceof ProofsheetError ? error : toDatabaseError(error, file);
    return { ok: false, detail: failure.message };
  } finally {
    db?.close();
  }
}

function toDatabaseError(error: unknown, file: string): ProofsheetError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new ProofsheetError('DB_BUSY', `database ${file} is locked by another process`, { cause: error });
  }
  if (code === 'SQLITE_CANTOPEN' || /does not exist|unable to open/i.test(message)) {
    return new ProofsheetError('DB_OPEN_FAILED', `cannot open database ${file}: ${message}`, { cause: error });
  }
  return new ProofsheetError('DB_OPEN_FAILED', `database ${file} is not usable: ${message}`, { cause: error });
}
