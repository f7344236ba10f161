import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError } from '@proofsheet/core';
import { openDatabase, type SqliteDatabase } from './sqlite.js';

/** A time stamp safe in a file name: `2026-12-03T14-27-05-123Z` (UTC, sorts by time). */
export function toBackupStamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Copies the database behind `db` into `target` with SQLite's online backup API: the copy is one
 * consistent state even while another process (a run, the review server) writes, because the API
 * restarts the copy of pages a writer changed. The copy is then switched to a rollback journal so it
 * is one self-contained file (no -wal/-shm beside it) and checked with `quick_check`.
 * `target` must not exist yet.
 */
export async function backupDatabase(db: SqliteDatabase, target: string): Promise<{ bytes: number }> {
  if (fs.existsSync(target)) throw new ProofsheetError('INTERNAL', `backup target ${target} already exists`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    await db.backup(target);
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw new ProofsheetError('PATH_NOT_WRITABLE', `cannot write the backup ${target}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  settleCopy(target);
  return { bytes: fs.statSync(target).size };
}

/**
 * Copies the database behind `db` into `target` synchronously with `VACUUM INTO` (one consistent
 * read of the database, like the backup API, but usable where the caller cannot await, as before a
 * migration). Outside a transaction only: SQLite refuses `VACUUM` inside one.
 */
export function copyDatabaseSync(db: SqliteDatabase, target: string): { bytes: number } {
  if (fs.existsSync(target)) throw new ProofsheetError('INTERNAL', `backup target ${target} already exists`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw new ProofsheetError('PATH_NOT_WRITABLE', `cannot write the backup ${target}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  settleCopy(target);
  return { bytes: fs.statSync(target).size };
}

/** Switches a fresh copy to a rollback journal (self-contained file) and checks it. */
function settleCopy(target: string): void {
  const copy = openDatabase(target);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new ProofsheetError('INTERNAL', `the backup ${target} failed quick_check: ${String(check)}`);
  } finally {
    copy.close();
  }
}

/**
 * Whether the SQLite file at `file` is whole: `PRAGMA integrity_check` reports `ok`. Opens it
 * read-only (a rollback-journal copy as {@link backupDatabase} writes it gains no side files).
 */
export function checkDatabaseFile(file: string): { ok: boolean; detail: string } {
  let db: SqliteDatabase | undefined;
  try {
    db = openDatabase(file, { readonly: true });
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const detail = rows.map((row) => row.integrity_check).join('; ');
    return { ok: detail === 'ok', detail };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/** What {@link replaceDatabaseFile} did. */
export interface ReplacedDatabase {
  /** Where the previous database now lies (a single file: its WAL was checkpointed into it first). */
  readonly aside: string | null;
}

/**
 * Puts the SQLite file `source` in place of the database `target`. The current database is first
 * checkpointed completely (`wal_checkpoint(TRUNCATE)`) and switched to a rollback journal, so it is
 * moved aside to `aside` as one self-contained file (no -wal/-shm); the copy goes in through a temporary file and a rename, so a crash
 * leaves either the old or the new database, never half of one. Refused with `DB_BUSY` while another
 * connection keeps the database open (its -wal cannot be folded in safely).
 */
export function replaceDatabaseFile(target: string, source: string, aside: string): ReplacedDatabase {
  const exists = fs.existsSync(target);
  if (exists) {
    checkpointAndClose(target);
    for (const side of ['-wal', '-shm']) {
      if (fs.existsSync(target + side)) {
        throw new ProofsheetError('DB_BUSY', `${target} is still open in another process (${path.basename(target + side)} remains after a checkpoint); stop it and try again`, {
          details: { database: target },
        });
      }
    }
  }
  const temporary = `${target}.restoring-${process.pid}`;
  fs.copyFileSync(source, temporary);
  fsyncFile(temporary);
  if (exists) fs.renameSync(target, aside);
  fs.renameSync(temporary, target);
  return { aside: exists ? aside : null };
}

function checkpointAndClose(file: string): void {
  const db = openDatabase(file, { busyTimeoutMs: 2000 });
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (result && result.busy !== 0) throw stillOpen(file);
    // Leaving WAL needs the only connection: it fails while another process (the review server) keeps the file open.
    // The file set aside is then one self-contained database, like a backup.
    const mode = String(db.pragma('journal_mode = DELETE', { simple: true }));
    if (mode !== 'delete') throw stillOpen(file);
  } catch (error) {
    if (error instanceof ProofsheetError && error.code === 'DB_BUSY') throw stillOpen(file, error);
    throw error;
  } finally {
    // Closing the last connection deletes -wal and -shm: their absence afterwards proves no other connection is open.
    db.close();
  }
}

function stillOpen(file: string, cause?: unknown): ProofsheetError {
  return new ProofsheetError('DB_BUSY', `${file} is still open in another process (a run or the review server); stop it and try again`, { cause, details: { database: file } });
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
