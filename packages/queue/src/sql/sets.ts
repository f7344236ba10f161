import { ProofsheetError } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import { findLiveRuns } from './runs.js';

/** Lifecycle of a set: added, being ingested by a run, ingested (rows exist), or failed validation. */
export type SetStatus = 'pending' | 'ingesting' | 'ingested' | 'failed';

/** A set (SPEC §2): a folder (or explicit file list) plus subject, location and category. */
export interface SetRecord {
  readonly id: number;
  readonly folder: string;
  readonly subject: string;
  readonly location: string;
  readonly category: string;
  /** The explicit file list, or null when the set is the whole folder. */
  readonly files: string[] | null;
  /** How many image files the set had when it was added. */
  readonly file_count: number;
  readonly status: SetStatus;
  readonly created_at: string;
  readonly updated_at: string;
}

/** Input of {@link createSet}: validated values (validation is the caller's job, SPEC §3 stage 1). */
export interface CreateSetInput {
  readonly folder: string;
  readonly subject: string;
  readonly location: string;
  readonly category: string;
  /** Explicit file list (stored), or null/omitted for the whole folder. */
  readonly files?: readonly string[] | null;
  /** Number of image files found; defaults to `files.length` (0 without a list). */
  readonly fileCount?: number;
}

type SetRow = Omit<SetRecord, 'files'> & { readonly files_json: string | null };

function toSetRecord(row: SetRow): SetRecord {
  const { files_json: filesJson, ...rest } = row;
  return { ...rest, files: filesJson === null ? null : (JSON.parse(filesJson) as string[]) };
}

/** Stores a new set in status `pending` and returns it. */
export function createSet(db: SqliteDatabase, input: CreateSetInput): SetRecord {
  const now = nowIso();
  const files = input.files ?? null;
  const id = db
    .prepare('INSERT INTO sets (folder, subject, location, category, files_json, file_count, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(input.folder, input.subject, input.location, input.category, files === null ? null : JSON.stringify(files), input.fileCount ?? files?.length ?? 0, 'pending', now, now).lastInsertRowid;
  return requireSet(db, Number(id));
}

/** The set with `id`, or null. */
export function getSet(db: SqliteDatabase, id: number): SetRecord | null {
  const row = db.prepare('SELECT * FROM sets WHERE id = ?').get(id) as SetRow | undefined;
  return row ? toSetRecord(row) : null;
}

/** The set with `id`; throws `SET_NOT_FOUND`. */
export function requireSet(db: SqliteDatabase, id: number): SetRecord {
  const set = getSet(db, id);
  if (!set) throw new ProofsheetError('SET_NOT_FOUND', `no set with id ${id}`, { details: { set_id: id } });
  return set;
}

/** Every set, oldest first, optionally only those in `status`. */
export function listSets(db: SqliteDatabase, filter: { status?: SetStatus } = {}): SetRecord[] {
  const rows = filter.status === undefined
    ? (db.prepare('SELECT * FROM sets ORDER BY id').all() as SetRow[])
    : (db.prepare('SELECT * FROM sets WHERE status = ? ORDER BY id').all(filter.status) as SetRow[]);
  return rows.map(toSetRecord);
}

/** Moves a set to `status` (the runner marks `ingesting` / `ingested` / `failed`). */
export function updateSetStatus(db: SqliteDatabase, id: number, status: SetStatus): SetRecord {
  const changes = db.prepare('UPDATE sets SET status = ?, updated_at = ? WHERE id = ?').run(status, nowIso(), id).changes;
  if (changes === 0) throw new ProofsheetError('SET_NOT_FOUND', `no set with id ${id}`, { details: { set_id: id } });
  return requireSet(db, id);
}

/**
 * Removes a set that has no rows yet. A set with rows is refused with `SET_HAS_ROWS` (its rows and
 * their decision history are kept; reject the rows instead). A set that a live run is working on
 * (one of its `set_ids`) is refused with `RUN_IN_PROGRESS`: its rows appear only at stage 4, so
 * removing it mid-ingest would fail that insert and strand the staged copies. Checked in the same
 * `BEGIN IMMEDIATE` as the delete. Throws `SET_NOT_FOUND` for an unknown id.
 */
export function removeSet(db: SqliteDatabase, id: number): SetRecord {
  return runImmediate(db, () => {
    const set = requireSet(db, id);
    const owners = findLiveRuns(db).filter((run) => run.set_ids.includes(id));
    if (owners.length > 0) {
      throw new ProofsheetError('RUN_IN_PROGRESS', `set ${id} is being worked on by run ${owners.map((r) => `${r.id} (pid ${r.pid ?? '?'})`).join(', ')}, still running; wait for it to finish, then remove the set`, {
        details: { set_id: id, runs: owners.map((r) => r.id) },
      });
    }
    const rows = db.prepare('SELECT count(*) FROM review_queue WHERE set_id = ?').pluck().get(id) as number;
    if (rows > 0) {
      throw new ProofsheetError('SET_HAS_ROWS', `set ${id} already has ${rows} row(s) in the queue and cannot be removed; reject its rows instead`, {
        details: { set_id: id, rows },
      });
    }
    db.prepare('DELETE FROM sets WHERE id = ?').run(id);
    return set;
  });
}
