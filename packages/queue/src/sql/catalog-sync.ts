import { ProofsheetError } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import { CATALOG_COLUMNS, type CatalogEntry } from './catalog-mirror.js';
import { createNameAllocator, parseSequencedName } from './filename-reservations.js';
import { requireRow } from './read-rows.js';
import { renameRow } from './update-row.js';
import type { Actor } from './row-events.js';

const COLUMNS = new Set<string>(CATALOG_COLUMNS);

/**
 * Upserts one entry into the local `photos_info_revamp` keyed by `File_Name` and returns its id:
 * the `local` destination's website table. An existing entry keeps its id (a re-publish updates it
 * in place); a new one gets the next id.
 */
export function upsertLocalCatalogRow(db: SqliteDatabase, values: Omit<CatalogEntry, 'id'>): number {
  const columns = Object.keys(values).filter((c) => (values as Record<string, unknown>)[c] !== undefined);
  const unknown = columns.find((c) => !COLUMNS.has(c) || c === 'id');
  if (unknown) throw new ProofsheetError('INTERNAL', `photos_info_revamp has no writable column "${unknown}"`);
  const updates = columns.filter((c) => c !== 'File_Name').map((c) => `${c} = excluded.${c}`);
  return runImmediate(db, () =>
    db
      .prepare(`INSERT INTO photos_info_revamp (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT(File_Name) DO UPDATE SET ${updates.join(', ')} RETURNING id`)
      .pluck()
      .get(...columns.map((c) => (values as Record<string, unknown>)[c])) as number,
  );
}

/** One entry of the live catalog as `catalog pull` copies it. */
export interface PulledCatalogEntry {
  readonly id: number;
  readonly File_Name: string;
  readonly Original_File_Name: string;
  readonly content_sha256: string | null;
  readonly Folder: string | null;
  readonly DateTime: string | null;
}

/**
 * Makes the local mirror hold exactly the live catalog's names (one transaction): entries the
 * website no longer has are removed, the others inserted or updated (id, `File_Name`,
 * `Original_File_Name`, `content_sha256`, `Folder`, `DateTime`; the mirror's other columns stay).
 * Records the pull, so `doctor` can tell how old the mirror is.
 */
export function replaceCatalogMirror(db: SqliteDatabase, entries: readonly PulledCatalogEntry[], source: string): { rows: number; removed: number } {
  return runImmediate(db, () => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS _pulled_names (File_Name TEXT PRIMARY KEY)');
    db.exec('DELETE FROM _pulled_names');
    const addName = db.prepare('INSERT OR IGNORE INTO _pulled_names (File_Name) VALUES (?)');
    for (const entry of entries) addName.run(entry.File_Name);
    const removed = db.prepare('DELETE FROM photos_info_revamp WHERE File_Name NOT IN (SELECT File_Name FROM _pulled_names)').run().changes;
    const upsert = db.prepare(
      `INSERT INTO photos_info_revamp (id, File_Name, Original_File_Name, content_sha256, Folder, DateTime) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(File_Name) DO UPDATE SET id = excluded.id, Original_File_Name = excluded.Original_File_Name,
         content_sha256 = excluded.content_sha256, Folder = excluded.Folder, DateTime = excluded.DateTime`,
    );
    for (const e of entries) upsert.run(e.id, e.File_Name, e.Original_File_Name, e.content_sha256, e.Folder, e.DateTime);
    db.exec('DELETE FROM _pulled_names');
    db.prepare('INSERT INTO catalog_pulls (source, row_count, pulled_at) VALUES (?, ?, ?)').run(source, entries.length, nowIso());
    return { rows: entries.length, removed };
  });
}

/** The last catalog pull (source, rows, time), or null when the mirror was never pulled. */
export function readLastCatalogPull(db: SqliteDatabase): { source: string; row_count: number; pulled_at: string } | null {
  return (db.prepare('SELECT source, row_count, pulled_at FROM catalog_pulls ORDER BY id DESC LIMIT 1').get() as { source: string; row_count: number; pulled_at: string } | undefined) ?? null;
}

/**
 * Gives row `id` the next free name of its own prefix (the fix for `PUBLISH_NAME_TAKEN`: the
 * catalog holds its name for another photo). One transaction; returns the old and new name.
 */
export function renameRowToNextFreeName(db: SqliteDatabase, id: number, actor: Actor): { id: number; from: string | null; to: string } {
  return runImmediate(db, () => {
    const row = requireRow(db, id);
    if (!row.File_Name) throw new ProofsheetError('ILLEGAL_TRANSITION', `row ${id} has no name to replace`, { details: { row_id: id } });
    const { prefix, extension } = parseSequencedName(row.File_Name);
    const name = createNameAllocator(db)({ prefix, extension }, id, actor.runId ?? null);
    return renameRow(db, id, name, actor);
  });
}
