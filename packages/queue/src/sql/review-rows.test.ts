import { describe, expect } from 'vitest';
import { test, seedRow } from '../../test/helpers.js';
import { decideRows } from './decide-rows.js';
import { editRowAtVersion } from './review-edits.js';
import { findRowNeighbours, listReviewRows, readRowVersion, toFtsQuery } from './review-rows.js';
import { listRowEvents } from './row-events.js';
import { updateRowFields } from './update-row.js';

const operator = { kind: 'operator' as const, name: 'test' };

describe('review list', () => {
  test('text search follows edits (FTS triggers), folds diacritics and matches prefixes', ({ db }) => {
    const a = seedRow(db, 'Pending', 'Sierra_Pais_Vasco');
    const b = seedRow(db, 'Pending', 'Heron_Amsterdam');
    updateRowFields(db, a.id, { Caption: 'Montañas del norte', Location: 'País Vasco' }, operator);
    const search = (text: string): number[] => listReviewRows(db, { text }, { offset: 0, limit: 10 }).rows.map((r) => r.id);
    expect(search('montanas')).toEqual([a.id]);
    expect(search('pai vas')).toEqual([a.id]);
    expect(search('heron')).toEqual([b.id]);
    updateRowFields(db, a.id, { Caption: 'Valle verde' }, operator);
    expect(search('montanas')).toEqual([]);
    expect(search('valle')).toEqual([a.id]);
    expect(search('"; DROP TABLE review_queue; --')).toEqual([]);
  });

  test('toFtsQuery quotes every word, so FTS syntax is never interpreted', () => {
    expect(toFtsQuery('a* OR b NEAR(c)')).toBe('"a"* "OR"* "b"* "NEAR"* "c"*');
    expect(toFtsQuery('<>"')).toBeNull();
  });

  test('filters, sort, paging and neighbours agree', ({ db }) => {
    const ids = [1, 2, 3, 4, 5].map(() => seedRow(db, 'Pending').id);
    ids.forEach((id, i) => db.prepare('UPDATE review_queue SET QR = ? WHERE id = ?').run([5, 9, 7, null, 7][i], id));
    const page = listReviewRows(db, { sort: '-qr' }, { offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.id)).toEqual([ids[4], ids[2]]);
    expect(findRowNeighbours(db, ids[4] as number, { sort: '-qr' })).toEqual({ previous: ids[1], next: ids[2] });
    expect(findRowNeighbours(db, ids[3] as number, { sort: '-qr' })).toEqual({ previous: ids[0], next: null });
    expect(findRowNeighbours(db, ids[0] as number, { sort: 'id', status: 'Approved' })).toEqual({ previous: null, next: null });
  });
});

describe('edits and decisions', () => {
  test('an edit at a stale version is refused and changes nothing; every change bumps the version', ({ db }) => {
    const row = seedRow(db, 'Pending');
    const version = readRowVersion(db, row.id);
    const first = editRowAtVersion(db, row.id, version, { fields: { Caption: 'one' } }, operator);
    expect(first).toMatchObject({ kind: 'updated', changed: ['Caption'] });
    expect(editRowAtVersion(db, row.id, version, { fields: { Caption: 'two' } }, operator)).toEqual({ kind: 'conflict', version: readRowVersion(db, row.id) });
    expect(listRowEvents(db, row.id).filter((e) => e.kind === 'field_edit').map((e) => [e.old_value, e.new_value])).toEqual([[null, 'one']]);
  });

  test('a rename to a name another row holds is refused whole (fields included)', ({ db }) => {
    const a = seedRow(db, 'Pending');
    const b = seedRow(db, 'Pending');
    expect(() => editRowAtVersion(db, b.id, readRowVersion(db, b.id), { fields: { Caption: 'x' }, fileName: a.File_Name }, operator)).toThrow(/already taken \(row 1/);
    expect(listRowEvents(db, b.id).filter((e) => e.kind !== 'decision')).toEqual([]);
  });

  test('bulk decisions report each id; an illegal one does not stop the others', ({ db }) => {
    const a = seedRow(db, 'Pending');
    const q = seedRow(db, 'Queued');
    const results = decideRows(db, [a.id, q.id, 99], 'approve', operator);
    expect(results.map((r) => [r.id, r.ok, r.ok ? r.to : r.error_code])).toEqual([
      [a.id, true, 'Approved'],
      [q.id, false, 'ILLEGAL_TRANSITION'],
      [99, false, 'ROW_NOT_FOUND'],
    ]);
  });
});
