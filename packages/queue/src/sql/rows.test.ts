import { describe, expect } from 'vitest';
import { test, seedRow } from '../../test/helpers.js';
import { createSet } from './sets.js';
import { insertErrorRow, insertSetRows } from './insert-rows.js';
import { findDuplicateByHash } from './find-duplicate.js';
import { countRows, getRow, listRows } from './read-rows.js';
import { markRowError, retryErrorRows, transitionRow } from './transition-row.js';
import { updateRowFields } from './update-row.js';
import { listRowEvents } from './row-events.js';
import { listReservations } from './filename-reservations.js';

const SHA = 'a'.repeat(64);

describe('inserting rows', () => {
  test('insertSetRows writes Queued/NA rows with stage_done 4, the set, the run and the allocated names', ({ db }) => {
    const set = createSet(db, { folder: '/f', subject: 'S', location: 'L', category: 'C' });
    const rows = insertSetRows(db, {
      setId: set.id,
      runId: null,
      rows: [
        { values: { Original_File_Name: 'IMG_1.JPG', content_sha256: SHA, Camera: 'Canon_EOS_R5', Width: 6000 }, name: { prefix: 'S_L_C', extension: '.JPG' } },
        { values: { Original_File_Name: 'IMG_2.JPG' }, name: { prefix: 'S_L_C', extension: '.JPG' } },
      ],
    });
    expect(rows).toEqual([{ id: 1, File_Name: 'S_L_C_001.JPG' }, { id: 2, File_Name: 'S_L_C_002.JPG' }]);
    expect(getRow(db, 1)).toMatchObject({ Review_Status: 'Queued', QC_Status: 'NA', stage_done: 4, set_id: set.id, Camera: 'Canon_EOS_R5', Width: 6000, attempts: 0 });
  });

  test('a failing row rolls back the whole set: no rows, no reservations', ({ db }) => {
    const set = createSet(db, { folder: '/f', subject: 'S', location: 'L', category: 'C' });
    const rows = [1, 2, 3].map((n) => ({ values: { Original_File_Name: `${n}.jpg` }, name: { prefix: 'S', extension: '.JPG' } }));
    expect(() =>
      insertSetRows(db, {
        setId: set.id,
        runId: null,
        rows,
        onRowInserted: (index) => {
          if (index === 2) throw new Error('disk full');
        },
      }),
    ).toThrow('disk full');
    expect(listRows(db)).toEqual([]);
    expect(listReservations(db)).toEqual([]);
  });

  test('unknown or managed columns are refused', ({ db }) => {
    const set = createSet(db, { folder: '/f', subject: 'S', location: 'L', category: 'C' });
    const bad = (values: Record<string, unknown>) => () => insertSetRows(db, { setId: set.id, runId: null, rows: [{ values: values as never, name: { prefix: 'S', extension: '.JPG' } }] });
    expect(bad({ Captoin: 'x' })).toThrow('review_queue has no column "Captoin"');
    expect(bad({ Review_Status: 'Approved' })).toThrow(/managed by the queue/);
  });

  test('insertErrorRow records a file that failed before naming: Error, code, stage, no name, no reservation', ({ db }) => {
    const { id } = insertErrorRow(db, { setId: null, runId: null, values: { Original_File_Name: 'empty.jpg', source_path: '/f/empty.jpg' }, error: { code: 'FILE_EMPTY', message: 'zero bytes', stage: 1 } });
    expect(getRow(db, id)).toMatchObject({ Review_Status: 'Error', File_Name: null, error_code: 'FILE_EMPTY', error_message: 'zero bytes', error_stage: 1, stage_done: 0, source_path: '/f/empty.jpg' });
    expect(listReservations(db)).toEqual([]);
  });
});

describe('duplicates', () => {
  test('findDuplicateByHash finds a queue row (any status) or a catalog entry, else null', ({ db }) => {
    expect(findDuplicateByHash(db, SHA)).toBeNull();
    db.prepare("INSERT INTO photos_info_revamp (id, File_Name, Original_File_Name, content_sha256) VALUES (77, 'Old_001.JPG', 'o.jpg', ?)").run(SHA);
    expect(findDuplicateByHash(db, SHA.toUpperCase())).toEqual({ source: 'catalog', id: 77, File_Name: 'Old_001.JPG' });
    const set = createSet(db, { folder: '/f', subject: 'S', location: 'L', category: 'C' });
    const [upper] = insertSetRows(db, { setId: set.id, runId: null, rows: [{ values: { content_sha256: 'B'.repeat(64) }, name: { prefix: 'S', extension: '.JPG' } }] });
    expect(findDuplicateByHash(db, 'b'.repeat(64))).toMatchObject({ source: 'queue', id: upper?.id });
    const row = seedRow(db, 'Rejected');
    db.prepare('UPDATE review_queue SET content_sha256 = ? WHERE id = ?').run(SHA, row.id);
    expect(findDuplicateByHash(db, SHA)).toEqual({ source: 'queue', id: row.id, File_Name: row.File_Name, Review_Status: 'Rejected', set_id: 2 });
  });

  test('a row that failed before it was named is a duplicate only when its content failed (a final error at stage 1-2)', ({ db }) => {
    const set = createSet(db, { folder: '/f', subject: 'S', location: 'L', category: 'C' });
    const failed = (sha: string, code: 'FILE_NOT_IMAGE' | 'FILENAME_TOO_LONG' | 'COPY_VERIFY_FAILED', stage: number) =>
      insertErrorRow(db, { setId: set.id, runId: null, values: { Original_File_Name: `${code}.jpg`, source_path: `/f/${code}.jpg`, content_sha256: sha }, error: { code, message: 'm', stage } });
    const notImage = failed('1'.repeat(64), 'FILE_NOT_IMAGE', 1);
    failed('2'.repeat(64), 'FILENAME_TOO_LONG', 3); // the name depended on the set: another set can name it
    failed('3'.repeat(64), 'COPY_VERIFY_FAILED', 2); // no verified copy was kept: staging it again is the way back
    expect(findDuplicateByHash(db, '1'.repeat(64))).toMatchObject({ source: 'queue', id: notImage.id, File_Name: null });
    expect(findDuplicateByHash(db, '2'.repeat(64))).toBeNull();
    expect(findDuplicateByHash(db, '3'.repeat(64))).toBeNull();
    transitionRow(db, notImage.id, 'Rejected', { kind: 'operator' });
    expect(findDuplicateByHash(db, '1'.repeat(64))).toMatchObject({ id: notImage.id, Review_Status: 'Rejected' });
  });
});

describe('errors and retry', () => {
  test('markRowError keeps code, message and stage; retry requeues at the failed stage and counts the attempt', ({ db }) => {
    const row = seedRow(db, 'Pending');
    const other = seedRow(db, 'Queued');
    markRowError(db, row.id, { code: 'RESIZE_FAILED', message: 'vips: bad huffman', stage: 6, qcStatus: 'ResizeFailed' });
    markRowError(db, other.id, { code: 'SCORING_FAILED', message: 'onnx', stage: 5 });
    expect(getRow(db, row.id)).toMatchObject({ Review_Status: 'Error', error_code: 'RESIZE_FAILED', error_message: 'vips: bad huffman', error_stage: 6, QC_Status: 'ResizeFailed' });
    expect(countRows(db)).toEqual({ total: 2, reviewStatus: { Error: 2 }, qcStatus: { NA: 1, ResizeFailed: 1 } });

    expect(retryErrorRows(db, { code: 'RESIZE_FAILED' })).toEqual({ requeued: [{ id: row.id, error_code: 'RESIZE_FAILED', stage: 6, attempts: 1 }], refused: [] });
    expect(getRow(db, row.id)).toMatchObject({ Review_Status: 'Queued', stage_done: 5, attempts: 1, error_code: null, error_message: null, error_stage: null, QC_Status: 'NA' });
    expect(retryErrorRows(db, { stage: 6 })).toEqual({ requeued: [], refused: [] });
    expect(retryErrorRows(db).requeued).toEqual([{ id: other.id, error_code: 'SCORING_FAILED', stage: 5, attempts: 1 }]);
    expect(listRowEvents(db, row.id).map((e) => [e.kind, e.old_value, e.new_value, e.actor])).toEqual([
      ['error', 'Pending', 'Error:RESIZE_FAILED@6', 'pipeline'],
      ['retry', 'Error:RESIZE_FAILED@6', 'Queued', 'retry'],
    ]);
  });

  test('retry refuses rows that failed before they were named, with the reason; the operator can reject them (recorded)', ({ db }) => {
    const set = createSet(db, { folder: '/photos', subject: 'S', location: 'L', category: 'C' });
    const values = (name: string, sha: string | null) => ({ Original_File_Name: name, source_path: `/photos/${name}`, content_sha256: sha });
    const empty = insertErrorRow(db, { setId: set.id, runId: null, values: values('empty.jpg', 'e'.repeat(64)), error: { code: 'FILE_EMPTY', message: 'zero bytes', stage: 1 } });
    const changed = insertErrorRow(db, { setId: set.id, runId: null, values: values('moving.jpg', 'c'.repeat(64)), error: { code: 'COPY_VERIFY_FAILED', message: 'changed while staged', stage: 2 } });
    const before = [getRow(db, empty.id), getRow(db, changed.id)];

    const result = retryErrorRows(db);
    expect(result.requeued).toEqual([]);
    expect(result.refused).toEqual([
      { id: empty.id, error_code: 'FILE_EMPTY', stage: 1, reason: `FILE_EMPTY is final for this file (it failed at stage 1, before it had a staged, named copy): a retry cannot change it; reject the row ("proofsheet reject ${empty.id}")` },
      { id: changed.id, error_code: 'COPY_VERIFY_FAILED', stage: 2, reason: `COPY_VERIFY_FAILED: it failed at stage 2, before it had a staged, named copy, so no stage can continue it; add its folder again as a set to stage the file afresh, then reject the row ("proofsheet reject ${changed.id}")` },
    ]);
    expect([getRow(db, empty.id), getRow(db, changed.id)]).toEqual(before); // nothing changed
    expect(() => transitionRow(db, empty.id, 'Queued', { kind: 'retry' })).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('FILE_EMPTY is final') }));
    expect(getRow(db, empty.id)?.Review_Status).toBe('Error');

    expect(transitionRow(db, empty.id, 'Rejected', { kind: 'operator', name: 'cli' })).toMatchObject({ from: 'Error', to: 'Rejected', File_Name: null });
    expect(listRowEvents(db, empty.id).map((e) => [e.kind, e.old_value, e.new_value, e.actor])).toEqual([
      ['error', null, 'FILE_EMPTY', 'pipeline'],
      ['decision', 'Error', 'Rejected', 'operator'],
    ]);
  });

  test('an Error row cannot exist without its code, message and stage (CHECK constraint)', ({ db }) => {
    const row = seedRow(db, 'Queued');
    expect(() => db.prepare("UPDATE review_queue SET Review_Status = 'Error' WHERE id = ?").run(row.id)).toThrow(/CHECK constraint/);
  });
});

describe('field edits', () => {
  test('updateRowFields records one event per changed field with old value, new value, actor and time', ({ db }) => {
    const row = seedRow(db, 'Pending');
    updateRowFields(db, row.id, { Caption: 'AI caption', QR: 6.2 }, { kind: 'pipeline' });
    const changed = updateRowFields(db, row.id, { Caption: 'Final caption', QR: 6.2, alt_text: 'A heron' }, { kind: 'operator', name: 'amir' });
    expect(changed).toEqual(['Caption', 'alt_text']);
    const events = listRowEvents(db, row.id).map(({ field, old_value, new_value, actor, actor_name, created_at }) => ({ field, old_value, new_value, actor, actor_name, timed: /^\d{4}-\d\d-\d\dT/.test(created_at) }));
    expect(events).toEqual([
      { field: 'Caption', old_value: null, new_value: 'AI caption', actor: 'pipeline', actor_name: null, timed: true },
      { field: 'QR', old_value: null, new_value: '6.2', actor: 'pipeline', actor_name: null, timed: true },
      { field: 'Caption', old_value: 'AI caption', new_value: 'Final caption', actor: 'operator', actor_name: 'amir', timed: true },
      { field: 'alt_text', old_value: null, new_value: 'A heron', actor: 'operator', actor_name: 'amir', timed: true },
    ]);
    expect(() => updateRowFields(db, row.id, { File_Name: 'x' } as never, { kind: 'operator' })).toThrow(/managed by the queue/);
  });

  test('listRows filters by status, run and set; decisions are recorded', ({ db }) => {
    const a = seedRow(db, 'Pending');
    seedRow(db, 'Queued');
    transitionRow(db, a.id, 'Approved', { kind: 'operator' });
    expect(listRows(db, { status: 'Approved' }).map((r) => r.id)).toEqual([a.id]);
    expect(listRows(db, { setId: 2 }).map((r) => r.id)).toEqual([2]);
    expect(listRows(db, { runId: 'run_x' })).toEqual([]);
    expect(listRows(db, { limit: 1, offset: 1 }).map((r) => r.id)).toEqual([2]);
  });
});
