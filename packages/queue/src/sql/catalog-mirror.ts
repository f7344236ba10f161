import { ProofsheetError } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';

/** The columns of the website table `photos_info_revamp` (original-system §3.3) plus `content_sha256`. */
export const CATALOG_COLUMNS = [
  'id', 'Folder', 'File_Name', 'Path', 'Thumb_Path', 'DateTime', 'Camera', 'Lens_model', 'Width', 'Height', 'Exposure', 'Aperture', 'ISO',
  'Focal_length', 'Keywords', 'Caption', 'alt_text', 'Location', 'QR', 'QC_Status', 'Original_File_Name', 'nima_score', 'blur_score',
  'brightness_score', 'contrast_score', 'brisque_score', 'clip_aesthetic_score', 'content_sha256',
] as const;

/** A catalog column name. */
export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];

/** One catalog entry: `id` (the website's id), `File_Name` and `Original_File_Name` required, the rest optional. */
export type CatalogEntry = { readonly id: number; readonly File_Name: string; readonly Original_File_Name: string } & {
  readonly [K in Exclude<CatalogColumn, 'id' | 'File_Name' | 'Original_File_Name'>]?: string | number | null;
};

const COLUMN_SET = new Set<string>(CATALOG_COLUMNS);

function toUpsert(db: SqliteDatabase, entry: CatalogEntry): void {
  const columns = Object.keys(entry).filter((k) => (entry as Record<string, unknown>)[k] !== undefined);
  const unknown = columns.find((c) => !COLUMN_SET.has(c));
  if (unknown) throw new ProofsheetError('INTERNAL', `photos_info_revamp has no column "${unknown}"`);
  const updates = columns.filter((c) => c !== 'File_Name').map((c) => `${c} = excluded.${c}`);
  db.prepare(
    `INSERT INTO photos_info_revamp (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
     ON CONFLICT(File_Name) DO UPDATE SET ${updates.join(', ')}`,
  ).run(...columns.map((c) => (entry as Record<string, unknown>)[c]));
}

/**
 * Writes catalog entries into the local mirror, keyed by `File_Name` (the website's business key),
 * in one transaction: the publisher after each publish, or a sync of the whole website table.
 * Names in the mirror are never handed out again by filename allocation.
 */
export function upsertCatalogEntries(db: SqliteDatabase, entries: readonly CatalogEntry[]): void {
  runImmediate(db, () => {
    for (const entry of entries) toUpsert(db, entry);
  });
}

/** The mirror entry named `fileName` (ASCII case-insensitive), or null. */
export function getCatalogEntry(db: SqliteDatabase, fileName: string): (CatalogEntry & Record<string, unknown>) | null {
  return (db.prepare('SELECT * FROM photos_info_revamp WHERE File_Name = ? COLLATE NOCASE').get(fileName) as (CatalogEntry & Record<string, unknown>) | undefined) ?? null;
}

/** How many entries the mirror holds. */
export function countCatalogEntries(db: SqliteDatabase): number {
  return db.prepare('SELECT count(*) FROM photos_info_revamp').pluck().get() as number;
}
