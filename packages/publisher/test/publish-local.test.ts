import fs from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  getCatalogEntry, getReservation, listPublishJobs, openQueueDatabase, renameRowToNextFreeName, requireRow, updateRowFields, upsertCatalogEntries, type SqliteDatabase,
} from '@proofsheet/queue';
import { ProofsheetError } from '@proofsheet/core';
import { test } from '@proofsheet/testkit';
import { runPublish, type MetadataWriter } from '../src/index.js';
import { ExifTool, REVIEWED, createMetadataWriter, localOptions, seedApprovedRows } from './publish-helpers.js';

let metadata: MetadataWriter;
let reader: ExifTool;
beforeAll(() => {
  metadata = createMetadataWriter();
  reader = new ExifTool({ maxProcs: 1 });
});
afterAll(async () => {
  await metadata.close();
  await reader.end();
});

function openDb(path: string): SqliteDatabase {
  return openQueueDatabase(path);
}

/** Every file under `dir`, relative, sorted. */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath}/${e.name}`.slice(dir.length + 1))
    .sort();
}

test('local happy path: files in the site layout, catalog rows, Published, committed names, XMP/IPTC read back', async ({ tmp }) => {
  const db = openDb(tmp.join('q.db'));
  const rows = await seedApprovedRows(db, tmp, 2);
  const lines: string[] = [];
  const summary = await runPublish(localOptions(db, tmp, metadata, lines));
  expect(summary).toMatchObject({ published: 2, failed: 0, skipped: 0, halted: null });
  expect(listTree(tmp.join('site'))).toEqual(rows.flatMap((r) => [`2024/birds_and_bees/${r.File_Name}`, `2024/thumbs/birds_and_bees/${r.File_Name}`]).sort());
  for (const row of rows) {
    expect(fs.readFileSync(tmp.join('site/2024/birds_and_bees', row.File_Name))).toEqual(fs.readFileSync(tmp.join('publish', String(row.id), 'web.jpg')));
    expect(requireRow(db, row.id).Review_Status).toBe('Published');
    expect(getReservation(db, row.File_Name)?.state).toBe('committed');
    const entry = getCatalogEntry(db, row.File_Name);
    expect(entry).toMatchObject({
      Caption: REVIEWED.Caption, alt_text: REVIEWED.alt_text, Keywords: REVIEWED.Keywords, Width: 667, Height: 1000, Folder: 'Birds & Bees',
      Path: `https://example.com/images/2024/birds_and_bees/${row.File_Name}`, Thumb_Path: `https://example.com/images/2024/thumbs/birds_and_bees/${row.File_Name}`,
      content_sha256: requireRow(db, row.id).content_sha256,
    });
    const tags = (await reader.read(tmp.join('site/2024/birds_and_bees', row.File_Name), { readArgs: ['-G1', '-a'] })) as unknown as Record<string, unknown>;
    expect(tags).toMatchObject({
      'XMP-dc:Description': REVIEWED.Caption,
      'IPTC:Caption-Abstract': REVIEWED.Caption,
      'XMP-iptcCore:AltTextAccessibility': REVIEWED.alt_text,
      'XMP-dc:Subject': ['Graureiher', 'Gracht', 'Morgenlicht', 'Vogel', 'Ámsterdam'],
      'IPTC:Keywords': ['Graureiher', 'Gracht', 'Morgenlicht', 'Vogel', 'Ámsterdam'],
      'XMP-dc:Title': 'Grey Heron',
      'IPTC:Headline': 'Grey Heron, Amsterdam',
      'XMP-iptcCore:Location': 'Amsterdam',
      'XMP-dc:Rights': '© Studio Ærø',
      'IPTC:CopyrightNotice': '© Studio Ærø',
      'IFD0:Model': 'Canon EOS R5',
    });
    expect(Object.keys(tags).filter((k) => /gps/i.test(k))).toEqual([]);
  }
  const steps = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'publish step finished' && l.File_Name === rows[0]?.File_Name).map((l) => l.step);
  expect(steps).toEqual(['prepared', 'guarded', 'web_uploaded', 'thumb_uploaded', 'cataloged', 'mirrored']);
  expect(await runPublish(localOptions(db, tmp, metadata))).toMatchObject({ published: 0, rows: [] });
  db.close();
});

test('a name the catalog holds for another photo stops that row (PUBLISH_NAME_TAKEN with its fix); the fix publishes it under a new name', async ({ tmp }) => {
  const db = openDb(tmp.join('q.db'));
  const [row, other] = await seedApprovedRows(db, tmp, 2);
  if (!row || !other) throw new Error('seed');
  upsertCatalogEntries(db, [{ id: 900, File_Name: row.File_Name, Original_File_Name: 'SOMEONE_ELSE.JPG', content_sha256: 'f'.repeat(64), Caption: 'another photo' }]);
  const summary = await runPublish(localOptions(db, tmp, metadata));
  expect(summary.published).toBe(1);
  const failed = summary.rows.find((r) => r.id === row.id);
  expect(failed).toMatchObject({ status: 'failed', error_code: 'PUBLISH_NAME_TAKEN' });
  expect(failed?.error_message).toContain(`proofsheet publish --row ${row.id} --new-name`);
  expect(getCatalogEntry(db, row.File_Name)).toMatchObject({ id: 900, Caption: 'another photo' });
  expect(fs.existsSync(tmp.join('site/2024/birds_and_bees', row.File_Name))).toBe(false);
  expect(requireRow(db, row.id).Review_Status).toBe('Approved');

  const renamed = renameRowToNextFreeName(db, row.id, { kind: 'operator' });
  expect(renamed.to).not.toBe(row.File_Name);
  const again = await runPublish({ ...localOptions(db, tmp, metadata), rowIds: [row.id] });
  expect(again).toMatchObject({ published: 1, rows: [{ id: row.id, File_Name: renamed.to, status: 'published' }] });
  expect(listPublishJobs(db, row.id).map((j) => j.status)).toEqual(['cancelled', 'done']);
  db.close();
});

test('text IPTC would cut stops the row before anything is written (PUBLISH_TEXT_TOO_LONG)', async ({ tmp }) => {
  const db = openDb(tmp.join('q.db'));
  const long = `${'ä'.repeat(40)}`; // 80 UTF-8 bytes, 40 characters
  const [row] = await seedApprovedRows(db, tmp, 1, { ...REVIEWED, Keywords: `heron, ${long}` });
  const summary = await runPublish(localOptions(db, tmp, metadata));
  expect(summary.rows).toMatchObject([{ id: row?.id, status: 'failed', error_code: 'PUBLISH_TEXT_TOO_LONG' }]);
  expect(summary.rows[0]?.error_message).toContain('keyword is 80 bytes (IPTC limit 64)');
  expect(listTree(tmp.join('site'))).toEqual([]);
  db.close();
});

test('--dry-run reports what would happen and changes nothing', async ({ tmp }) => {
  const db = openDb(tmp.join('q.db'));
  const [row] = await seedApprovedRows(db, tmp, 2);
  upsertCatalogEntries(db, [{ id: 900, File_Name: row?.File_Name ?? '', Original_File_Name: 'OTHER.JPG', content_sha256: 'f'.repeat(64) }]);
  const snapshot = () => JSON.stringify(['review_queue', 'publish_jobs', 'photos_info_revamp', 'filename_reservations', 'row_events'].map((t) => db.prepare(`SELECT * FROM ${t}`).all()));
  const before = snapshot();
  const summary = await runPublish({ ...localOptions(db, tmp, metadata), dryRun: true });
  expect(summary).toMatchObject({ dry_run: true, published: 1, failed: 1 });
  expect(summary.rows.map((r) => [r.status, r.error_code])).toEqual([['would_fail', 'PUBLISH_NAME_TAKEN'], ['would_publish', null]]);
  expect(listPublishJobs(db)).toEqual([]);
  expect(listTree(tmp.join('site'))).toEqual([]);
  expect(fs.existsSync(tmp.join('publish'))).toBe(false);
  expect(snapshot()).toBe(before);
  db.close();
});

test('a publish stopped between upload and catalog upsert continues at that step: published once, no temp file left', async ({ tmp }) => {
  const db = openDb(tmp.join('q.db'));
  const [row] = await seedApprovedRows(db, tmp, 1);
  const options = localOptions(db, tmp, metadata);
  const down = new ProofsheetError('MYSQL_CONNECT', 'catalog unreachable');
  const broken = { ...options, destination: { ...options.destination, catalog: { ...options.destination.catalog, upsert: () => Promise.reject(down) } } };
  const first = await runPublish(broken);
  expect(first.halted?.code).toBe('MYSQL_CONNECT');
  expect(listPublishJobs(db, row?.id)).toMatchObject([{ step: 'thumb_uploaded', current_step: 'cataloged', status: 'failed', last_error_code: 'MYSQL_CONNECT' }]);
  const second = await runPublish(options);
  expect(second).toMatchObject({ published: 1, rows: [{ id: row?.id, reason: 'resume', status: 'published' }] });
  expect(listPublishJobs(db, row?.id)).toMatchObject([{ step: 'mirrored', status: 'done', attempts: 2 }]);
  expect(db.prepare('SELECT count(*) FROM photos_info_revamp').pluck().get()).toBe(1);
  expect(listTree(tmp.join('site')).filter((f) => f.includes('.partial'))).toEqual([]);
  db.close();
});

test('editing a Published row re-publishes it: new XMP, same catalog id, same name', async ({ tmp }) => {
  const db = openDb(tmp.join('q.db'));
  const [row] = await seedApprovedRows(db, tmp, 1);
  if (!row) throw new Error('seed');
  await runPublish(localOptions(db, tmp, metadata));
  const id = getCatalogEntry(db, row.File_Name)?.id;
  updateRowFields(db, row.id, { Caption: 'Ein Reiher im Nebel über der Gracht.' }, { kind: 'operator' });
  const summary = await runPublish(localOptions(db, tmp, metadata));
  expect(summary).toMatchObject({ published: 1, rows: [{ id: row.id, reason: 'republish', status: 'published', catalog_id: id }] });
  expect(getCatalogEntry(db, row.File_Name)).toMatchObject({ id, Caption: 'Ein Reiher im Nebel über der Gracht.' });
  const tags = (await reader.read(tmp.join('site/2024/birds_and_bees', row.File_Name))) as unknown as Record<string, unknown>;
  expect(tags.Description).toBe('Ein Reiher im Nebel über der Gracht.');
  expect(db.prepare('SELECT count(*) FROM photos_info_revamp').pluck().get()).toBe(1);
  expect(await runPublish(localOptions(db, tmp, metadata))).toMatchObject({ published: 0 });
  expect(() => db.prepare('UPDATE review_queue SET File_Name = ? WHERE id = ?').run('Other.JPG', row.id)).toThrow(/locked/);
  db.close();
});
