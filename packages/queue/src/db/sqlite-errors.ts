import { ProofsheetError } from '@proofsheet/core';

/**
 * The one table from better-sqlite3's error codes to ours (STYLE: translate driver errors at the
 * adapter). SQLite's extended codes (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_IOERR_WRITE`, …) start with
 * their primary code, so matching is by prefix.
 */
const SQLITE_CODES: ReadonlyArray<readonly [prefix: string, translate: (file: string) => { code: 'DB_BUSY' | 'DISK_FULL' | 'PATH_NOT_WRITABLE' | 'DB_OPEN_FAILED'; message: string }]> = [
  ['SQLITE_BUSY', (file) => ({ code: 'DB_BUSY', message: `database ${file} is locked by another process (run "proofsheet doctor" to see which)` })],
  ['SQLITE_LOCKED', (file) => ({ code: 'DB_BUSY', message: `database ${file} is locked by another connection` })],
  ['SQLITE_FULL', (file) => ({ code: 'DISK_FULL', message: `the disk holding ${file} is full` })],
  ['SQLITE_READONLY', (file) => ({ code: 'PATH_NOT_WRITABLE', message: `database ${file} cannot be written` })],
  ['SQLITE_IOERR', (file) => ({ code: 'DB_OPEN_FAILED', message: `input/output error on database ${file}` })],
  ['SQLITE_CANTOPEN', (file) => ({ code: 'DB_OPEN_FAILED', message: `cannot open database ${file}` })],
  ['SQLITE_CORRUPT', (file) => ({ code: 'DB_OPEN_FAILED', message: `database ${file} is corrupt` })],
  ['SQLITE_NOTADB', (file) => ({ code: 'DB_OPEN_FAILED', message: `${file} is not a SQLite database` })],
];

/** The driver's error code (`SQLITE_BUSY`, …), if `error` came from SQLite. */
export function toSqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Whether `error` is SQLite saying that another connection holds the lock. */
export function isBusyError(error: unknown): boolean {
  const code = toSqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Translates an environment failure of SQLite (a lock held by another process, a full disk, a
 * read-only file, an I/O error) into a {@link ProofsheetError} with an operational code; anything
 * else (a constraint violation, a syntax error: our bug) is returned unchanged so that it stays
 * `INTERNAL` at the process boundary.
 */
export function translateSqliteError(error: unknown, file: string): unknown {
  if (error instanceof ProofsheetError) return error;
  const code = toSqliteCode(error);
  if (code === undefined) return error;
  const match = SQLITE_CODES.find(([prefix]) => code.startsWith(prefix));
  if (!match) return error;
  const { code: ours, message } = match[1](file);
  const detail = error instanceof Error ? error.message : String(error);
  return new ProofsheetError(ours, `${message}: ${detail}`, { cause: error, details: { sqlite_code: code } });
}
