import { describe, expect } from 'vitest';
import { test, seedRow, readRowState } from '../../test/helpers.js';
import { getReservation, listReservations, parseSequencedName, reserveFilenames, toNameKey } from './filename-reservations.js';
import { createSet } from './sets.js';
import { insertSetRows } from './insert-rows.js';
import { transitionRow } from './transition-row.js';
import { renameRow } from './update-row.js';
import type { SqliteDatabase } from '../db/sqlite.js';

const PREFIX = 'Grey_Heron_Amsterdam_Netherlands_Birds_Photography_Canon_EOS_R5_Mark_II_2025';

function addCatalogEntry(db: SqliteDatabase, id: number, fileName: string, sha: string | null = null): void {
  db.prepare('INSERT INTO photos_info_revamp (id, File_Name, Original_File_Name, content_sha256) VALUES (?, ?, ?, ?)').run(id, fileName, 'orig.jpg', sha);
}

describe('filename allocation (SPEC §5)', () => {
  test('starts at 001 and continues from the highest seq of the prefix', ({ db }) => {
    expect(reserveFilenames(db, { prefix: PREFIX, extension: '.JPG', count: 3 })).toEqual([`${PREFIX}_001.JPG`, `${PREFIX}_002.JPG`, `${PREFIX}_003.JPG`]);
    expect(reserveFilenames(db, { prefix: 'Other', extension: 'JPG', count: 1 })).toEqual(['Other_001.JPG']);
    expect(reserveFilenames(db, { prefix: PREFIX, extension: '.JPG', count: 1 })).toEqual([`${PREFIX}_004.JPG`]);
  });

  test('compares prefixes case-insensitively across reservations and the catalog mirror', ({ db }) => {
    addCatalogEntry(db, 41, `${PREFIX.toLowerCase()}_041.jpg`);
    addCatalogEntry(db, 7, 'Grey_Heron_Amsterdam_Netherlands_Birds_Photography_900.JPG');
    expect(reserveFilenames(db, { prefix: PREFIX.toUpperCase(), extension: '.JPG', count: 1 })).toEqual([`${PREFIX.toUpperCase()}_042.JPG`]);
    expect(reserveFilenames(db, { prefix: PREFIX, extension: '.JPG', count: 1 })).toEqual([`${PREFIX}_043.JPG`]);
  });

  test('never reuses a gap: released names stay used', ({ db }) => {
    const row = seedRow(db, 'Pending', 'Heron');
    transitionRow(db, row.id, 'Rejected', { kind: 'operator' });
    expect(getReservation(db, 'HERON_001.jpg')?.state).toBe('released');
    expect(reserveFilenames(db, { prefix: 'Heron', extension: '.JPG', count: 1 })).toEqual(['Heron_002.JPG']);
  });

  test('handles non-ASCII prefixes with a full case fold', ({ db }) => {
    addCatalogEntry(db, 1, 'église_Paris_005.JPG');
    expect(reserveFilenames(db, { prefix: 'Église_Paris', extension: '.JPG', count: 1 })).toEqual(['Église_Paris_006.JPG']);
    expect(toNameKey('Église_001.JPG')).toBe('église_001.jpg');
  });

  test('parses sequenced names', () => {
    expect(parseSequencedName('A_B_2025_012.JPG')).toEqual({ prefix: 'A_B_2025', seq: 12, extension: '.JPG' });
    expect(parseSequencedName('Legacy_Name.JPG')).toEqual({ prefix: 'Legacy_Name', seq: null, extension: '.JPG' });
  });
});

describe('reservation lifecycle', () => {
  test('insertSetRows reserves each name for its row; reject releases, publish commits, un-reject re-reserves', ({ db }) => {
    const set = createSet(db, { folder: '/f', subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds' });
    const rows = insertSetRows(db, {
      setId: set.id,
      runId: null,
      rows: ['a', 'b'].map((n) => ({ values: { Original_File_Name: `${n}.jpg` }, name: { prefix: 'Heron', extension: '.JPG' } })),
    });
    expect(listReservations(db, { prefix: 'heron' }).map((r) => [r.name, r.state, r.row_id])).toEqual([
      ['Heron_001.JPG', 'reserved', rows[0]?.id],
      ['Heron_002.JPG', 'reserved', rows[1]?.id],
    ]);
    const [a, b] = rows as unknown as [{ id: number }, { id: number }];
    for (const id of [a.id, b.id]) transitionRow(db, id, 'Pending', { kind: 'pipeline' });
    transitionRow(db, a.id, 'Rejected', { kind: 'operator' });
    transitionRow(db, b.id, 'Approved', { kind: 'operator' });
    transitionRow(db, b.id, 'Published', { kind: 'publisher' });
    expect(listReservations(db, { prefix: 'heron' }).map((r) => r.state)).toEqual(['released', 'committed']);
    transitionRow(db, a.id, 'Pending', { kind: 'operator' });
    expect(getReservation(db, 'Heron_001.JPG')).toMatchObject({ state: 'reserved', row_id: a.id });
  });

  test('renaming re-reserves in one transaction: new name reserved, old released', ({ db }) => {
    const row = seedRow(db, 'Pending', 'Heron');
    renameRow(db, row.id, 'Heron_Fishing_001.JPG', { kind: 'operator', name: 'amir' });
    expect(db.prepare('SELECT File_Name FROM review_queue WHERE id = ?').pluck().get(row.id)).toBe('Heron_Fishing_001.JPG');
    expect(listReservations(db, { rowId: row.id }).map((r) => [r.name, r.state])).toEqual([
      ['Heron_001.JPG', 'released'],
      ['Heron_Fishing_001.JPG', 'reserved'],
    ]);
    expect(db.prepare('SELECT kind, old_value, new_value, actor, actor_name FROM row_events WHERE row_id = ?').all(row.id)).toEqual([
      { kind: 'rename', old_value: 'Heron_001.JPG', new_value: 'Heron_Fishing_001.JPG', actor: 'operator', actor_name: 'amir' },
    ]);
    expect(reserveFilenames(db, { prefix: 'Heron_Fishing', extension: '.JPG', count: 1 })).toEqual(['Heron_Fishing_002.JPG']);
  });

  test('renaming to a name held by another row or the catalog is FILENAME_COLLISION and changes nothing', ({ db }) => {
    const first = seedRow(db, 'Pending', 'Heron');
    const second = seedRow(db, 'Pending', 'Heron');
    addCatalogEntry(db, 1, 'Published_Name_001.JPG');
    const before = readRowState(db, second.id);
    expect(() => renameRow(db, second.id, first.File_Name.toLowerCase(), { kind: 'operator' })).toThrow(expect.objectContaining({ code: 'FILENAME_COLLISION' }));
    expect(() => renameRow(db, second.id, 'PUBLISHED_NAME_001.jpg', { kind: 'operator' })).toThrow(expect.objectContaining({ code: 'FILENAME_COLLISION' }));
    expect(readRowState(db, second.id)).toEqual(before);
  });

  test('a published row keeps its name', ({ db }) => {
    const row = seedRow(db, 'Published', 'Heron');
    expect(() => renameRow(db, row.id, 'Other_001.JPG', { kind: 'operator' })).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });
});
