import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import type { ReviewRowValues } from '../schema/review-columns.js';
import { requireRow } from './read-rows.js';
import { readRowVersion } from './review-rows.js';
import type { Actor } from './row-events.js';
import { renameRow, updateRowFields } from './update-row.js';

/** An edit of one row as a reviewer makes it: text and score fields, and optionally a new file name. */
export interface RowEdit {
  readonly fields: ReviewRowValues;
  /** A new `File_Name`: re-reserved in the same transaction (refused with `FILENAME_COLLISION` when taken). */
  readonly fileName?: string;
}

/** What {@link editRowAtVersion} did: the edit was applied, or the row changed since `version` was read. */
export type RowEditOutcome =
  | { readonly kind: 'updated'; readonly changed: readonly string[]; readonly version: number }
  | { readonly kind: 'conflict'; readonly version: number };

/**
 * Applies `edit` to row `id` only if the row is still at `expectedVersion` (optimistic concurrency:
 * two editors who read the same version cannot both write; the second gets `conflict` with the
 * current version and nothing changes). The rename (name re-reserved, old name released) and the
 * field changes happen in one `BEGIN IMMEDIATE` transaction, each change recorded as a row event
 * with old and new value. An unknown id throws `ROW_NOT_FOUND`.
 */
export function editRowAtVersion(db: SqliteDatabase, id: number, expectedVersion: number, edit: RowEdit, actor: Actor): RowEditOutcome {
  return runImmediate(db, () => {
    const row = requireRow(db, id);
    const version = readRowVersion(db, id);
    if (version !== expectedVersion) return { kind: 'conflict', version };
    const changed: string[] = [];
    if (edit.fileName !== undefined && edit.fileName !== row.File_Name) {
      renameRow(db, id, edit.fileName, actor);
      changed.push('File_Name');
    }
    changed.push(...updateRowFields(db, id, edit.fields, actor));
    return { kind: 'updated', changed, version: readRowVersion(db, id) };
  });
}
