import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { createFixedClock, toProjectPaths } from '@proofsheet/core';
import { parseStagedName } from '@proofsheet/ingest';
import { createRun, createSet, listReservations, listRows, listSets, openQueueDatabase, type SqliteDatabase } from '@proofsheet/queue';
import { buildBadInputs, readSampleCorpus, SAMPLE_CORPUS_SETS, snapshotTree, test } from '@proofsheet/testkit';
import { runIngest, validateIngestSets } from '../src/index.js';

const NAMING = { template: '{subject}_{location}_{category}_{camera}_{year}_{seq}', maxLength: 150 };
const clock = createFixedClock(new Date('2026-03-04T05:06:07Z'));

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(file, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  return out;
}

async function ingest(db: SqliteDatabase, root: string, setIds: readonly number[]) {
  const sets = listSets(db).filter((s) => setIds.includes(s.id));
  const validated = await validateIngestSets(sets, NAMING, clock);
  const runId = createRun(db, { trigger: 'cli', clock }).id;
  const lines: string[] = [];
  const result = await runIngest({ db, sets: validated, paths: toProjectPaths(root, { data: 'data', logs: 'logs' }), naming: NAMING, runId, say: (l) => lines.push(l) });
  return { ...result, lines, runId };
}

describe('runIngest on real photographs and the bad-input corpus', () => {
  test('every file is queued, a duplicate or a coded error; originals unchanged; a re-run creates nothing', { timeout: 120_000 }, async ({ tmp }) => {
    const corpus = await readSampleCorpus();
    const badDir = tmp.join('bad inputs');
    const manifest = await buildBadInputs(badDir);
    const originals = new Map([...hashTree(corpus), ...hashTree(badDir)]);
    fs.mkdirSync(tmp.join('project/data'), { recursive: true });
    const db = openQueueDatabase(tmp.join('project/data/proofsheet.db'));
    try {
      const folders = [...SAMPLE_CORPUS_SETS.map((name) => path.join(corpus, name)), badDir];
      const ids = folders.map((folder, i) => createSet(db, { folder, subject: `Sample ${i} & Friends`, location: 'Zürich', category: 'Landscape' }).id);

      const first = await ingest(db, tmp.join('project'), ids);

      const realPhotos = [...hashTree(corpus).keys()].filter((f) => !path.basename(f).startsWith('.'));
      const expectQueued = realPhotos.length + manifest.filter((m) => m.expect === 'queued').length;
      expect(first.counts).toEqual({
        files: realPhotos.length + manifest.length,
        queued: expectQueued,
        duplicates: manifest.filter((m) => m.expect === 'duplicate').length,
        errors: manifest.filter((m) => !['queued', 'duplicate', 'skipped'].includes(m.expect)).length,
        skipped: manifest.filter((m) => m.expect === 'skipped').length,
      });
      const byFile = new Map(first.files.map((r) => [r.file, r]));
      for (const input of manifest) {
        const result = byFile.get(input.file);
        const actual = result?.outcome === 'error' ? result.error_code : result?.outcome;
        expect([input.name, actual]).toEqual([input.name, input.expect]);
      }
      for (const photo of realPhotos) expect([photo, byFile.get(photo)?.outcome]).toEqual([photo, 'queued']);

      const rows = listRows(db);
      const queued = rows.filter((r) => r.Review_Status === 'Queued');
      expect(queued).toHaveLength(expectQueued);
      for (const row of queued) {
        expect(row).toMatchObject({ QC_Status: 'NA', stage_done: 4, run_id: first.runId, Location: 'Zürich', Folder: 'Landscape' });
        expect(row.File_Name).toMatch(/^Sample_\d_and_Friends_Zurich_Landscape_Photography_(?:[A-Za-z0-9_]+_)?\d{4}_\d{3}\.JPG$/);
        expect(parseStagedName(path.basename(row.incoming_path!))).toBe(row.content_sha256);
        expect(createHash('sha256').update(fs.readFileSync(row.incoming_path!)).digest('hex')).toBe(row.content_sha256);
        expect(originals.get(row.source_path!)).toBe(row.content_sha256);
      }
      expect(new Set(queued.map((r) => r.File_Name!.toLowerCase())).size).toBe(queued.length);
      const rotated = queued.find((r) => r.Original_File_Name === 'rotated-exif-6.jpg');
      expect([rotated?.Width, rotated?.Height]).toEqual([60, 120]);
      const errors = rows.filter((r) => r.Review_Status === 'Error');
      expect(errors.map((r) => [r.Original_File_Name, r.error_code, r.error_stage]).sort()).toEqual(
        manifest.filter((m) => !['queued', 'duplicate', 'skipped'].includes(m.expect)).map((m) => [m.name, m.expect, 1]).sort(),
      );
      expect(listReservations(db).filter((r) => r.state === 'reserved')).toHaveLength(expectQueued);
      expect(listSets(db).map((s) => s.status)).toEqual(['ingested', 'ingested', 'ingested', 'ingested']);
      expect(first.lines.filter((l) => l.startsWith('[STAGE'))).toEqual(['[STAGE 2/8] Stage to incoming', '[STAGE 3/8] EXIF and naming', '[STAGE 4/8] Insert review rows']);
      expect(hashTree(corpus)).toEqual(new Map([...originals].filter(([f]) => f.startsWith(corpus))));
      expect(hashTree(badDir)).toEqual(new Map([...originals].filter(([f]) => f.startsWith(badDir))));

      // The same folders again, as new sets: everything is a duplicate and nothing is written.
      const incomingBefore = snapshotTree(tmp.join('project/data/incoming'));
      const rowCount = rows.length;
      const again = folders.map((folder) => createSet(db, { folder, subject: 'Again', location: 'Here', category: 'Birds' }).id);
      const second = await ingest(db, tmp.join('project'), again);
      expect(second.counts).toEqual({ ...first.counts, queued: 0, errors: 0, duplicates: first.counts.files - first.counts.skipped });
      expect(second.files.filter((r) => r.outcome === 'duplicate').every((r) => r.duplicate_of?.where === 'queue' && typeof r.duplicate_of.row_id === 'number')).toBe(true);
      expect(listRows(db)).toHaveLength(rowCount);
      expect(listReservations(db)).toHaveLength(expectQueued);
      expect(snapshotTree(tmp.join('project/data/incoming'))).toEqual(incomingBefore);
    } finally {
      db.close();
    }
  });
});

describe('duplicates of published photos', () => {
  test('a file whose content is in the catalog mirror is reported with the published File_Name, not queued', async ({ tmp }) => {
    const corpus = await readSampleCorpus();
    const city = path.join(corpus, 'city');
    const published = 'Wine_by_Jakkub_Mede.jpg';
    fs.mkdirSync(tmp.join('project/data'), { recursive: true });
    const db = openQueueDatabase(tmp.join('project/data/proofsheet.db'));
    try {
      const sha = createHash('sha256').update(fs.readFileSync(path.join(city, published))).digest('hex');
      db.prepare('INSERT INTO photos_info_revamp (id, File_Name, Original_File_Name, content_sha256) VALUES (?, ?, ?, ?)').run(4711, 'Red_Wine_Bilbao_Food_Photography_2019_003.JPG', 'IMG_0042.JPG', sha);
      const id = createSet(db, { folder: city, subject: 'Wine', location: 'Bilbao', category: 'Food' }).id;
      const result = await ingest(db, tmp.join('project'), [id]);
      expect(result.counts).toMatchObject({ files: 4, queued: 3, duplicates: 1 });
      expect(result.files.find((f) => f.file === path.join(city, published))).toMatchObject({
        outcome: 'duplicate',
        duplicate_of: { where: 'catalog', File_Name: 'Red_Wine_Bilbao_Food_Photography_2019_003.JPG' },
      });
      expect(listRows(db).map((r) => r.Original_File_Name)).not.toContain(published);
    } finally {
      db.close();
    }
  });
});

describe('validateIngestSets', () => {
  test('reports every problem of every set at once and writes nothing', async ({ tmp }) => {
    fs.mkdirSync(tmp.join('data'), { recursive: true });
    tmp.write('texts/readme.txt', 'not a photo');
    tmp.write('empty/.keep', '');
    const db = openQueueDatabase(tmp.join('data/proofsheet.db'));
    try {
      createSet(db, { folder: tmp.join('missing'), subject: ' ', location: 'Amsterdam', category: 'Birds' });
      createSet(db, { folder: tmp.join('texts'), subject: '🌅', location: 'A', category: '' });
      createSet(db, { folder: tmp.join('empty'), subject: 'x'.repeat(140), location: 'Amsterdam', category: 'Birds' });
      const before = snapshotTree(tmp.path);
      const error = await validateIngestSets(listSets(db), NAMING, clock).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'SET_INVALID' });
      expect((error as Error).message.split(tmp.path).join('<tmp>')).toMatchInlineSnapshot(`
        "7 problem(s) in the sets; nothing was written:
          - set 1: subject is empty
          - set 1: folder <tmp>/missing does not exist
          - set 2: subject "🌅" has no letters or digits a filename can use
          - set 2: category is empty
          - set 2: no supported image (JPEG, PNG, TIFF, WebP, HEIC) among 1 file(s) in <tmp>/texts
          - set 3: no files in <tmp>/empty
          - set 3: filename would be 202 characters, over the limit of 150: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_Amsterdam_Birds_Photography_Canon_EOS_R5_Mark_II_2026_001.JPG"
      `);
      expect(snapshotTree(tmp.path)).toEqual(before);
    } finally {
      db.close();
    }
  });
});
