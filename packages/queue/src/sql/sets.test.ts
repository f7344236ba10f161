import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { createRun, finishRun } from './runs.js';
import { test, seedRow } from '../../test/helpers.js';
import { createSet, getSet, listSets, removeSet, updateSetStatus } from './sets.js';

test('createSet stores a pending set with its explicit file list; listSets and getSet read it back', ({ db }) => {
  const set = createSet(db, { folder: '/photos/a', subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds', files: ['/photos/a/1.jpg', '/photos/a/2.jpg'] });
  expect(set).toMatchObject({ id: 1, folder: '/photos/a', status: 'pending', files: ['/photos/a/1.jpg', '/photos/a/2.jpg'], file_count: 2 });
  const whole = createSet(db, { folder: '/photos/b', subject: 'S', location: 'L', category: 'C', fileCount: 12 });
  expect(whole).toMatchObject({ files: null, file_count: 12 });
  expect(listSets(db).map((s) => s.id)).toEqual([1, 2]);
  updateSetStatus(db, 2, 'ingested');
  expect(listSets(db, { status: 'pending' }).map((s) => s.id)).toEqual([1]);
  expect(getSet(db, 3)).toBeNull();
});

test('removeSet deletes a set without rows, refuses one with rows (SET_HAS_ROWS) and an unknown id (SET_NOT_FOUND)', ({ db }) => {
  const empty = createSet(db, { folder: '/f', subject: 's', location: 'l', category: 'c' });
  expect(removeSet(db, empty.id).id).toBe(empty.id);
  expect(getSet(db, empty.id)).toBeNull();
  seedRow(db, 'Pending');
  const withRows = listSets(db)[0];
  expect(() => removeSet(db, withRows?.id ?? 0)).toThrowErrorMatchingInlineSnapshot(`[ProofsheetError: set 2 already has 1 row(s) in the queue and cannot be removed; reject its rows instead]`);
  expect(listSets(db)).toHaveLength(1);
  expect(() => removeSet(db, 99)).toThrow(expect.objectContaining({ code: 'SET_NOT_FOUND' }));
});

test('removeSet refuses a set that a live run is working on (RUN_IN_PROGRESS) and deletes nothing; once the run is over or gone it is removed', ({ db }) => {
  const set = createSet(db, { folder: '/f', subject: 's', location: 'l', category: 'c' });
  const other = createSet(db, { folder: '/g', subject: 's', location: 'l', category: 'c' });
  const run = createRun(db, { trigger: 'cli', setIds: [set.id] }); // owned by this live test process
  expect(() => removeSet(db, set.id)).toThrow(expect.objectContaining({ code: 'RUN_IN_PROGRESS', details: { set_id: set.id, runs: [run.id] } }));
  expect(getSet(db, set.id)).not.toBeNull();
  expect(removeSet(db, other.id).id).toBe(other.id); // a set the run does not own
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  createRun(db, { trigger: 'cli', setIds: [set.id], pid: dead }); // an interrupted run does not hold it
  finishRun(db, run.id, { status: 'completed' });
  expect(removeSet(db, set.id).id).toBe(set.id);
});
