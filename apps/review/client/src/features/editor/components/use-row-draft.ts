import { useState } from 'react';
import type { RowDetail, RowPatch } from '@proofsheet/review/api-types';

/** The fields a reviewer edits, as the editor shows them. */
export const EDITABLE_FIELDS = ['File_Name', 'Caption', 'alt_text', 'Keywords', 'Subject', 'Location', 'Folder', 'QR'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type Draft = Record<EditableField, string>;

/** The row's saved values as a draft (null shown as empty). */
export function toDraft(row: RowDetail['row']): Draft {
  const draft = {} as Draft;
  for (const field of EDITABLE_FIELDS) {
    const value = row[field];
    draft[field] = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  }
  return draft;
}

/**
 * The editor's unsaved edits of one row: what is typed, what differs from the saved row, and the
 * PATCH body that saves exactly the changed fields with the version they were made on.
 */
export function useRowDraft(detail: RowDetail) {
  const [saved, setSaved] = useState(() => toDraft(detail.row));
  const [draft, setDraft] = useState(saved);
  // The version the draft was made on: a save sends it, so an edit made elsewhere meanwhile is a 409, never overwritten.
  const [version, setVersion] = useState(detail.version);
  const changed = EDITABLE_FIELDS.filter((field) => draft[field] !== saved[field]);
  return {
    draft,
    changed,
    version,
    set: (field: EditableField, value: string) => setDraft((d) => ({ ...d, [field]: value })),
    /** The PATCH body for the changed fields, or null when nothing changed. */
    toPatch: (): RowPatch | null => {
      if (changed.length === 0) return null;
      const patch: Record<string, unknown> = { version };
      // QR is a number (QC_Status follows it on the server); an emptied QR clears it.
      for (const field of changed) patch[field] = field === 'QR' ? (draft.QR.trim() === '' ? null : Number(draft.QR)) : draft[field];
      return patch as RowPatch;
    },
    /** After a save or a regeneration: the server's row becomes both the saved and the shown values. */
    reset: (row: RowDetail['row'], nextVersion: number) => {
      const next = toDraft(row);
      setSaved(next);
      setDraft(next);
      setVersion(nextVersion);
    },
  };
}
