import { expect } from 'vitest';
import { test, seedRow } from '../../test/helpers.js';
import { decideRow } from './decide-rows.js';
import { readReviewStats } from './review-stats.js';
import { updateRowFields } from './update-row.js';

const pipeline = { kind: 'pipeline' as const };

/** Dates the decision events of `rowId` (setup only: raw SQL), oldest first. */
function dateDecisions(db: Parameters<typeof decideRow>[0], rowId: number, ...times: string[]): void {
  const ids = (db.prepare("SELECT id FROM row_events WHERE row_id = ? AND kind = 'decision' ORDER BY id").all(rowId) as Array<{ id: number }>).map((r) => r.id);
  ids.forEach((id, i) => db.prepare('UPDATE row_events SET created_at = ? WHERE id = ?').run(times[i], id));
}

test('decisions per clock hour and the median time per row, per operator, with breaks over 10 minutes left out', ({ db }) => {
  const rows = [1, 2, 3, 4, 5].map(() => seedRow(db, 'Pending').id);
  const anna = { kind: 'operator' as const, name: 'anna' };
  const ben = { kind: 'operator' as const, name: 'ben' };
  decideRow(db, rows[0]!, 'approve', anna);
  decideRow(db, rows[1]!, 'reject', anna);
  decideRow(db, rows[2]!, 'approve', ben);
  decideRow(db, rows[3]!, 'approve', anna);
  decideRow(db, rows[4]!, 'approve', anna);
  dateDecisions(db, rows[0]!, '2026-12-03T09:58:00.000Z');
  dateDecisions(db, rows[1]!, '2026-12-03T09:58:30.000Z'); // anna +30 s
  dateDecisions(db, rows[2]!, '2026-12-03T09:59:00.000Z'); // ben's first: no gap (and not anna's +30 s)
  dateDecisions(db, rows[3]!, '2026-12-03T10:30:00.000Z'); // anna +31.5 min: a break
  dateDecisions(db, rows[4]!, '2026-12-03T10:31:10.000Z'); // anna +70 s
  const stats = readReviewStats(db, { since: '2026-12-03T00:00:00.000Z', now: new Date('2026-12-03T12:00:00.000Z') });
  expect(stats.decisions).toBe(5);
  expect(stats.reviewed_rows).toBe(5);
  expect(stats.per_hour).toEqual([
    { hour: '2026-12-03T09:00:00.000Z', decisions: 3, approved: 2, rejected: 1, pending: 0 },
    { hour: '2026-12-03T10:00:00.000Z', decisions: 2, approved: 2, rejected: 0, pending: 0 },
  ]);
  expect(stats.seconds_per_row).toEqual({ median: 50, samples: 2, break_after_sec: 600 });
  const later = readReviewStats(db, { since: '2026-12-03T10:00:00.000Z', now: new Date('2026-12-03T12:00:00.000Z') });
  expect(later.decisions).toBe(2);
  expect(later.seconds_per_row.median).toBe(70);
});

test('AI acceptance: an approved row counts for each field the pipeline wrote; an operator edit before approval makes it edited', ({ db }) => {
  const operator = { kind: 'operator' as const, name: 'review' };
  const provenance = (model: string) => JSON.stringify({ caption: { model, prompt_hash: 'p1' }, alt_text: { model, prompt_hash: 'p1' }, keywords: { model, prompt_hash: 'p1' } });
  const rows = [1, 2, 3, 4].map(() => seedRow(db, 'Pending').id);
  rows.forEach((id, i) => updateRowFields(db, id, { Caption: `AI caption ${i}`, alt_text: `AI alt ${i}`, Keywords: 'a, b', caption_provenance: provenance(i < 3 ? 'm1' : 'm2') }, pipeline));
  updateRowFields(db, rows[1]!, { Caption: 'Edited caption' }, operator);
  updateRowFields(db, rows[2]!, { Keywords: 'c, d' }, operator);
  for (const id of rows) decideRow(db, id, 'approve', operator);
  // An edit after approval was not part of what was approved; a row sent back to Pending is not approved.
  decideRow(db, rows[3]!, 'pending', operator);
  const stats = readReviewStats(db);
  expect(stats.ai_acceptance).toEqual([
    { field: 'Caption', approved: 3, unedited: 2, share: 0.6667 },
    { field: 'alt_text', approved: 3, unedited: 3, share: 1 },
    { field: 'Keywords', approved: 3, unedited: 2, share: 0.6667 },
  ]);
  expect(stats.ai_acceptance_by_model).toEqual(expect.arrayContaining([{ field: 'Caption', model: 'm1', prompt_hash: 'p1', approved: 3, unedited: 2, share: 0.6667 }]));
  expect(stats.ai_acceptance_by_model.some((g) => g.model === 'm2')).toBe(false);
});
