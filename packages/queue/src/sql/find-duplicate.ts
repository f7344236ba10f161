import { ERROR_CODES, type ReviewStatus } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';

/** Where a content hash was already seen: a queue row or a published catalog entry. */
export type DuplicateMatch =
  | { readonly source: 'queue'; readonly id: number; readonly File_Name: string | null; readonly Review_Status: ReviewStatus; readonly set_id: number | null }
  | { readonly source: 'catalog'; readonly id: number; readonly File_Name: string };

/** Codes that no retry can change (`ERROR_CODES`): at stages 1–2 they are verdicts on the bytes. */
const FINAL_CODES = Object.entries(ERROR_CODES).filter(([, info]) => !info.retryable).map(([code]) => code);

/**
 * The rows a file with the same content duplicates: every row that holds a staged, named copy
 * (any status: rejected and errored rows are kept, and their content is in the queue), and rows
 * whose content itself failed (a final error at stage 1–2: empty, not an image, corrupt — the same
 * bytes fail the same way, so a second `Error` row would add nothing). A row that failed before it
 * was named for any other reason (a name too long for its set, a copy that did not verify) holds no
 * usable copy: the file is not a duplicate of it and is ingested afresh, so it is never lost.
 */
const DUPLICATE_ROW = `content_sha256 = ? AND (File_Name IS NOT NULL OR (error_stage <= 2 AND error_code IN (${FINAL_CODES.map(() => '?').join(', ')})))`;

/**
 * The existing queue row (see `DUPLICATE_ROW`: rows with a staged, named copy in any status, and
 * rows whose content failed) or published catalog entry whose `content_sha256` is `sha256`, or
 * null. The queue is checked first.
 */
export function findDuplicateByHash(db: SqliteDatabase, sha256: string): DuplicateMatch | null {
  const key = sha256.toLowerCase();
  const row = db.prepare(`SELECT id, File_Name, Review_Status, set_id FROM review_queue WHERE ${DUPLICATE_ROW} ORDER BY id LIMIT 1`).get(key, ...FINAL_CODES) as
    | { id: number; File_Name: string | null; Review_Status: ReviewStatus; set_id: number | null }
    | undefined;
  if (row) return { source: 'queue', ...row };
  const entry = db.prepare('SELECT id, File_Name FROM photos_info_revamp WHERE content_sha256 = ? ORDER BY id LIMIT 1').get(key) as { id: number; File_Name: string } | undefined;
  return entry ? { source: 'catalog', ...entry } : null;
}
