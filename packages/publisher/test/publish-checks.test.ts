import { createSet, insertSetRows, openQueueDatabase, requireRow, upsertCatalogEntries, type SqliteDatabase } from '@proofsheet/queue';
import { test } from '@proofsheet/testkit';
import { describe, expect } from 'vitest';
import { readPublishChecks, toPublishChecks, type PublishCheckContext, type PublishCheckRow } from '../src/index.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

const GOOD: PublishCheckRow = {
  id: 1,
  File_Name: 'Grey_Heron_Amsterdam_001.JPG',
  Caption: 'A grey heron waits on the bank of a canal in the early morning light.',
  alt_text: words(12),
  Keywords: 'heron, canal, morning, bird, Amsterdam, water',
  Subject: 'Grey Heron',
  Location: 'Amsterdam',
  content_sha256: 'a'.repeat(64),
  Original_File_Name: 'IMG_0001.JPG',
};

const NONE: PublishCheckContext = { copyright: null, nameHolder: null, siteEntry: null };
const codes = (row: Partial<PublishCheckRow>, context = NONE) => toPublishChecks({ ...GOOD, ...row }, context).map((c) => `${c.severity} ${c.field} ${c.code}`);

describe('publish checks on the text', () => {
  test('a row fit for the website has none', () => {
    expect(toPublishChecks(GOOD, NONE)).toEqual([]);
  });

  test('alt text missing is an error; over 18 words a warning (18 is fine)', () => {
    expect(codes({ alt_text: null })).toEqual(['error alt_text ALT_TEXT_MISSING']);
    expect(codes({ alt_text: '   ' })).toEqual(['error alt_text ALT_TEXT_MISSING']);
    expect(codes({ alt_text: words(18) })).toEqual([]);
    expect(toPublishChecks({ ...GOOD, alt_text: words(19) }, NONE)).toEqual([{ field: 'alt_text', severity: 'warning', code: 'ALT_TEXT_TOO_LONG', message: 'alt text has 19 words; at most 18' }]);
  });

  test('values over their IPTC byte limits are errors on the column to fix, counted in UTF-8 bytes', () => {
    expect(codes({ Caption: 'x'.repeat(2000) })).toEqual([]);
    expect(codes({ Caption: 'x'.repeat(2001) })).toEqual(['error Caption IPTC_TOO_LONG']);
    const keyword = 'k'.repeat(65);
    const [check] = toPublishChecks({ ...GOOD, Keywords: `${GOOD.Keywords ?? ''}, ${keyword}` }, NONE);
    expect(check).toEqual({ field: 'Keywords', severity: 'error', code: 'IPTC_TOO_LONG', message: `keyword "${keyword}" is 65 bytes; IPTC Keywords keeps at most 64 (publish refuses the row)` });
    // 17 characters, 34 bytes: over Sub-location's 32.
    expect(codes({ Location: 'é'.repeat(17) })).toEqual(['error Location IPTC_TOO_LONG']);
    expect(codes({ Subject: 's'.repeat(65) })).toEqual(['error Subject IPTC_TOO_LONG']);
    expect(codes({ Subject: 's'.repeat(60), Location: 'l'.repeat(30) }).length).toBe(0);
    expect(codes({}, { ...NONE, copyright: 'c'.repeat(129) })).toEqual(['error copyright IPTC_TOO_LONG']);
  });

  test('a keyword count outside 5 to 12 is a warning', () => {
    expect(codes({ Keywords: 'a, b, c, d' })).toEqual(['warning Keywords KEYWORDS_TOO_FEW']);
    expect(codes({ Keywords: null })).toEqual(['warning Keywords KEYWORDS_TOO_FEW']);
    expect(codes({ Keywords: 'a, b, c, d, e' })).toEqual([]);
    expect(codes({ Keywords: Array.from({ length: 12 }, (_, i) => `k${i}`).join(', ') })).toEqual([]);
    expect(codes({ Keywords: Array.from({ length: 13 }, (_, i) => `k${i}`).join(', ') })).toEqual(['warning Keywords KEYWORDS_TOO_MANY']);
  });
});

function seedRows(db: SqliteDatabase, count: number): number[] {
  const set = createSet(db, { folder: '/photos/herons', subject: 'Grey Heron', location: 'Amsterdam', category: 'Birds' });
  const rows = insertSetRows(db, {
    setId: set.id,
    runId: null,
    rows: Array.from({ length: count }, (_, i) => ({ values: { Original_File_Name: `IMG_${i}.JPG`, content_sha256: String(i).repeat(64) }, name: { prefix: 'Grey_Heron_Amsterdam_Birds_Photography', extension: '.JPG' } })),
  });
  return rows.map((r) => r.id);
}

const nameChecks = (db: SqliteDatabase, id: number) => readPublishChecks(db, requireRow(db, id), { copyright: null }).filter((c) => c.field === 'File_Name');

test('a file name reserved by another row, or on the website for another photo, is an error naming the other', ({ tmp }) => {
  const db = openQueueDatabase(tmp.join('queue.db'));
  try {
    const [a, b] = seedRows(db, 2) as [number, number];
    expect(nameChecks(db, a)).toEqual([]);
    const name = requireRow(db, a).File_Name as string;
    // Setup only: row b carries a's name without holding its reservation (as a hand edit of the database would).
    db.prepare('UPDATE review_queue SET File_Name = ? WHERE id = ?').run(name, b);
    expect(nameChecks(db, b)).toEqual([{ field: 'File_Name', severity: 'error', code: 'FILE_NAME_TAKEN', message: `${name} is reserved by row ${a} (reserved); choose another file name` }]);
    expect(nameChecks(db, a)).toEqual([]);

    upsertCatalogEntries(db, [{ id: 900, File_Name: name, Original_File_Name: 'SOMEONE_ELSE.JPG', content_sha256: 'f'.repeat(64) }]);
    expect(nameChecks(db, a).map((c) => c.code)).toEqual(['FILE_NAME_ON_SITE']);
    expect(nameChecks(db, a)[0]?.message).toContain('catalog id 900');
    // The same photo on the website (a re-publish) is no collision.
    upsertCatalogEntries(db, [{ id: 900, File_Name: name, Original_File_Name: 'IMG_0.JPG', content_sha256: '0'.repeat(64) }]);
    expect(nameChecks(db, a)).toEqual([]);
  } finally {
    db.close();
  }
});
