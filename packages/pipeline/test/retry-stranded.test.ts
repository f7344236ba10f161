import { expect } from 'vitest';
import { createSet, getRow, insertErrorRow, listRowEvents, openQueueDatabase, recordRowEvent, transitionRow } from '@proofsheet/queue';
import { test } from '@proofsheet/testkit';
import { formatRecoveryPlan, planRecovery } from '../src/index.js';

// An older `retry` requeued rows that failed before they were named: Queued at stage_done 0, no
// name, no staged copy. No stage selects them and Queued cannot be rejected; resume moves them
// back to Error with the code their retry event recorded, where reject ends them.
test('resume moves Queued rows that no stage can continue back to Error; a dry run only reports them', async ({ tmp }) => {
  const db = openQueueDatabase(tmp.join('proofsheet.db'));
  try {
    const set = createSet(db, { folder: '/photos', subject: 'S', location: 'L', category: 'C' });
    const { id } = insertErrorRow(db, { setId: set.id, runId: null, values: { Original_File_Name: 'empty.jpg', source_path: '/photos/empty.jpg' }, error: { code: 'FILE_EMPTY', message: 'zero bytes', stage: 1 } });
    // What the older retry wrote (setup only: that requeue is no longer possible).
    db.prepare("UPDATE review_queue SET Review_Status = 'Queued', stage_done = 0, attempts = 1, error_code = NULL, error_message = NULL, error_stage = NULL WHERE id = ?").run(id);
    recordRowEvent(db, { rowId: id, kind: 'retry', field: 'Review_Status', oldValue: 'Error:FILE_EMPTY@1', newValue: 'Queued', actor: { kind: 'retry' } });

    const dry = await planRecovery(db, { dryRun: true });
    expect(dry.stranded).toBe(1);
    expect(formatRecoveryPlan(dry).at(-1)).toBe('1 Queued row(s) were requeued before they had a staged, named copy and no stage can continue them: they go back to Error; reject them, or add their folder again as a set');
    expect(getRow(db, id)?.Review_Status).toBe('Queued');

    expect((await planRecovery(db, { dryRun: false })).stranded).toBe(1);
    expect(getRow(db, id)).toMatchObject({ Review_Status: 'Error', error_code: 'FILE_EMPTY', error_stage: 1 });
    expect((await planRecovery(db, { dryRun: false })).stranded).toBe(0);
    expect(transitionRow(db, id, 'Rejected', { kind: 'operator' })).toMatchObject({ from: 'Error', to: 'Rejected' });
    expect(listRowEvents(db, id).map((e) => e.kind)).toEqual(['error', 'retry', 'error', 'decision']);
  } finally {
    db.close();
  }
});
