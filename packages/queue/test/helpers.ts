import type { ReviewStatus } from '@proofsheet/core';
import { test as base } from '@proofsheet/testkit';
import { createSet, insertSetRows, openQueueDatabase, type SqliteDatabase } from '../src/index.js';

/** testkit's `test` plus a freshly migrated queue database file per test (closed afterwards). */
export const test = base.extend<{ db: SqliteDatabase }>({
  db: async ({ tmp }, use) => {
    const db = openQueueDatabase(tmp.join('queue.db'));
    try {
      await use(db);
    } finally {
      db.close();
    }
  },
});

/** Inserts one named row through the real API, then puts it in `status` (setup only: raw SQL). */
export function seedRow(db: SqliteDatabase, status: ReviewStatus = 'Queued', prefix = 'Grey_Heron_Amsterdam_Birds_Photography'): { id: number; File_Name: string } {
  const set = createSet(db, { folder: '/photos/herons', subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds' });
  const [row] = insertSetRows(db, { setId: set.id, runId: null, rows: [{ values: { Original_File_Name: 'IMG_0001.JPG' }, name: { prefix, extension: '.JPG' } }] });
  if (!row) throw new Error('seedRow inserted nothing');
  if (status === 'Error') {
    db.prepare("UPDATE review_queue SET Review_Status = 'Error', error_code = 'RESIZE_FAILED', error_message = 'seed', error_stage = 6, QC_Status = 'ResizeFailed' WHERE id = ?").run(row.id);
  } else {
    db.prepare('UPDATE review_queue SET Review_Status = ? WHERE id = ?').run(status, row.id);
  }
  if (status === 'Rejected') db.prepare("UPDATE filename_reservations SET state = 'released' WHERE row_id = ?").run(row.id);
  if (status === 'Published') db.prepare("UPDATE filename_reservations SET state = 'committed' WHERE row_id = ?").run(row.id);
  return row;
}

/** Everything a status change may touch for one row, to prove that a refused change touched nothing. */
export function readRowState(db: SqliteDatabase, id: number): unknown {
  return {
    row: db.prepare('SELECT * FROM review_queue WHERE id = ?').get(id),
    events: db.prepare('SELECT * FROM row_events WHERE row_id = ?').all(id),
    reservations: db.prepare('SELECT * FROM filename_reservations WHERE row_id = ?').all(id),
  };
}
