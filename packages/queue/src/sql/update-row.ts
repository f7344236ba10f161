import { ProofsheetError } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import { toColumnEntries, type ReviewRowValues } from '../schema/review-columns.js';
import { requireRow } from './read-rows.js';
import { recordRowEvent, type Actor } from './row-events.js';
import { releaseRowNames, reserveNameForRow, toNameKey } from './filename-reservations.js';

/**
 * Sets the fields in `patch` on row `id` (one transaction) and records one `field_edit` event per
 * field whose value actually changed, with old value, new value, actor and time. Status, name and
 * error columns are refused here: use the transition functions and {@link renameRow}. Returns the
 * names of the changed fields.
 */
export function updateRowFields(db: SqliteDatabase, id: number, patch: ReviewRowValues, actor: Actor): string[] {
  const entries = toColumnEntries(patch as Readonly<Record<string, unknown>>);
  return runImmediate(db, () => {
    const row = requireRow(db, id) as unknown as Record<string, unknown>;
    const changed = entries.filter(([column, value]) => row[column] !== value);
    if (changed.length === 0) return [];
    const sets = changed.map(([column]) => `${column} = ?`).join(', ');
    db.prepare(`UPDATE review_queue SET ${sets}, updated_at = ? WHERE id = ?`).run(...changed.map(([, v]) => v), nowIso(), id);
    for (const [column, value] of changed) recordRowEvent(db, { rowId: id, kind: 'field_edit', field: column, oldValue: row[column], newValue: value, actor });
    return changed.map(([column]) => column);
  });
}

/**
 * Renames row `id` to `newName` in one transaction: the new name is reserved for the row, its old
 * reservation released, `File_Name` updated and a `rename` event recorded. A name held by another
 * row or present in the published catalog is refused with `FILENAME_COLLISION` (nothing changes);
 * a published or rejected row keeps its name (`ILLEGAL_TRANSITION`).
 */
export function renameRow(db: SqliteDatabase, id: number, newName: string, actor: Actor): { id: number; from: string | null; to: string } {
  return runImmediate(db, () => {
    const row = requireRow(db, id);
    if (row.Review_Status === 'Published' || row.Review_Status === 'Rejected') {
      throw new ProofsheetError('ILLEGAL_TRANSITION', `row ${id} is ${row.Review_Status}; its name ${row.File_Name ?? ''} cannot change`, { details: { row_id: id } });
    }
    if (row.File_Name === newName) return { id, from: row.File_Name, to: newName };
    reserveNameForRow(db, id, newName, actor.runId ?? null);
    releaseRowNames(db, id, toNameKey(newName));
    db.prepare('UPDATE review_queue SET File_Name = ?, updated_at = ? WHERE id = ?').run(newName, nowIso(), id);
    recordRowEvent(db, { rowId: id, kind: 'rename', field: 'File_Name', oldValue: row.File_Name, newValue: newName, actor });
    return { id, from: row.File_Name, to: newName };
  });
}
