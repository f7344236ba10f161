import type { ReviewStatus } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';

/** Where a content hash was already seen: a queue row or a published catalog entry. */
export type DuplicateMatch =
  | { readonly source: 'queue'; readonly id: number; readonly File_Name: string | null; readonly Review_Status: ReviewStatus; readonly set_id: number | null }
  | { readonly source: 'catalog'; readonly id: number; readonly File_Name: string };

/**
 * The existing queue row (any status: rejected and errored rows count, they are kept) or published
 * catalog entry whose `content_sha256` is `sha256`, or null. The queue is checked first.
 */
export function findDuplicateByHash(db: SqliteDatabase, sha256: string): DuplicateMatch | null {
  const key = sha256.toLowerCase();
  const row = db.prepare('SELECT id, File_Name, Review_Status, set_id FROM review_queue WHERE content_sha256 = ? ORDER BY id LIMIT 1').get(key) as
    | { id: number; File_Name: string | null; Review_Status: ReviewStatus; set_id: number | null }
    | undefined;
  if (row) return { source: 'queue', ...row };
  const entry = db.prepare('SELECT id, File_Name FROM photos_info_revamp WHERE content_sha256 = ? ORDER BY id LIMIT 1').get(key) as { id: number; File_Name: string } | undefined;
  return entry ? { source: 'catalog', ...entry } : null;
}
