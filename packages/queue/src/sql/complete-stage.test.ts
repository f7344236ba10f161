import { expect } from 'vitest';
import { test, seedRow, readRowState } from '../../test/helpers.js';
import { completeRowStage } from './complete-stage.js';
import { getRow } from './read-rows.js';
import { listRowEvents } from './row-events.js';
import { listCaptionAttempts, recordCaptionAttempts } from './caption-attempts.js';

test('completeRowStage writes values, raises stage_done and audits the AI texts', ({ db }) => {
  const row = seedRow(db, 'Queued');
  completeRowStage(db, row.id, { stage: 5, values: { QR: 7.1, QC_Status: 'Good', brisque_score: 21.5 } });
  expect(getRow(db, row.id)).toMatchObject({ stage_done: 5, QR: 7.1, QC_Status: 'Good', Review_Status: 'Queued' });
  expect(listRowEvents(db, row.id)).toEqual([]);
  completeRowStage(db, row.id, { stage: 7, values: { Caption: 'A heron', Keywords: 'heron, bird' }, status: 'Pending' });
  expect(getRow(db, row.id)).toMatchObject({ stage_done: 7, Caption: 'A heron', Review_Status: 'Pending' });
  expect(listRowEvents(db, row.id).map((e) => [e.kind, e.field, e.new_value])).toEqual([
    ['field_edit', 'Caption', 'A heron'],
    ['field_edit', 'Keywords', 'heron, bird'],
    ['decision', 'Review_Status', 'Pending'],
  ]);
  completeRowStage(db, row.id, { stage: 5 });
  expect(getRow(db, row.id)?.stage_done).toBe(7);
});

test('completeRowStage with an illegal status change rolls the whole checkpoint back', ({ db }) => {
  const row = seedRow(db, 'Approved');
  const before = readRowState(db, row.id);
  expect(() => completeRowStage(db, row.id, { stage: 7, values: { Caption: 'x' }, status: 'Pending' })).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  expect(readRowState(db, row.id)).toEqual(before);
});

test('caption attempts are stored per row with their reasons', ({ db }) => {
  const row = seedRow(db, 'Queued');
  const base = { row_id: row.id, model: 'qwen2.5vl:7b', host: 'http://127.0.0.1:11434', prompt_hash: 'abc', started_at: '2026-11-22T09:00:00.000Z', duration_ms: 1200, done_reason: 'stop', eval_count: 80, error_code: null };
  recordCaptionAttempts(db, null, [
    { ...base, attempt: 1, outcome: 'rejected', reasons: ['caption_too_short'] },
    { ...base, attempt: 2, outcome: 'accepted', reasons: [] },
  ]);
  expect(listCaptionAttempts(db, row.id).map((a) => [a.attempt, a.outcome, a.reasons, a.eval_count])).toEqual([
    [1, 'rejected', ['caption_too_short'], 80],
    [2, 'accepted', [], 80],
  ]);
});
