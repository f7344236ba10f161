import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseStagedName, parseTempName } from '@proofsheet/ingest';
import { createSet, listRows, openQueueDatabase } from '@proofsheet/queue';
import { createSeededRandom, readSampleCorpus, SAMPLE_CORPUS_SETS, test } from '@proofsheet/testkit';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workers', 'ingest-set.ts');
const KILLS = 5;

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Runs the ingest worker; with `killAfterMs`, SIGKILLs it that long after staging began. */
async function runWorker(root: string, setId: number, killAfterMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, root, String(setId)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const staging = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('[STAGE 2/8]')) resolve();
    });
    child.on('close', () => resolve());
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  if (killAfterMs !== undefined) {
    await staging;
    await new Promise((resolve) => setTimeout(resolve, killAfterMs));
    child.kill('SIGKILL');
  }
  const code = await exited;
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Every file in incoming is a temporary (`.staging-<pid>-….partial`) or a complete copy whose bytes hash to its name. */
function inspectIncoming(incoming: string): { temps: number; complete: number } {
  const seen = { temps: 0, complete: 0 };
  if (!fs.existsSync(incoming)) return seen;
  for (const setDir of fs.readdirSync(incoming)) {
    for (const name of fs.readdirSync(path.join(incoming, setDir))) {
      if (parseTempName(name) !== null) {
        seen.temps += 1;
        continue;
      }
      expect(parseStagedName(name), `unexpected file ${name} in incoming`).not.toBeNull();
      expect(sha256(path.join(incoming, setDir, name)), `${name} is not a complete copy`).toBe(parseStagedName(name));
      seen.complete += 1;
    }
  }
  return seen;
}

test('SIGKILL at random points during staging never leaves a partial file that a later run takes as complete', { timeout: 300_000 }, async ({ tmp }) => {
  const root = tmp.join('project');
  const photos = tmp.join('photos');
  fs.mkdirSync(photos);
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  const corpus = await readSampleCorpus();
  // Two copies of every real photo with distinct bytes after the JPEG end marker: 28 files, ~40 MB.
  let count = 0;
  for (const set of SAMPLE_CORPUS_SETS) {
    for (const name of fs.readdirSync(path.join(corpus, set))) {
      const bytes = fs.readFileSync(path.join(corpus, set, name));
      for (const copy of [1, 2]) fs.writeFileSync(path.join(photos, `${copy}-${name}`), Buffer.concat([bytes, Buffer.from(`copy ${copy}`)]));
      count += 2;
    }
  }
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  const setId = createSet(db, { folder: photos, subject: 'Kill', location: 'Test', category: 'Crash' }).id;
  db.close();
  const before = Object.fromEntries(fs.readdirSync(photos).map((name) => [name, sha256(path.join(photos, name))]));
  const incoming = path.join(root, 'data', 'incoming');

  // Random kill moments from a seed that is printed, so that a failure can be replayed.
  const random = createSeededRandom();
  console.log(`ingest kill moments from seed ${random.seed} (replay: ${random.replay})`);
  const observations: Array<{ delay: number; temps: number; complete: number; rows: number }> = [];
  for (let i = 0; i < KILLS; i += 1) {
    const delay = Math.floor(random.next() * 500);
    await runWorker(root, setId, delay);
    const seen = inspectIncoming(incoming);
    const check = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
    observations.push({ delay, ...seen, rows: listRows(check).length });
    check.close();
  }
  // The kills landed while staging was under way: copies on disk, no rows yet.
  expect(observations.some((o) => o.rows === 0 && o.temps + o.complete > 0), `${random.replay} ${JSON.stringify(observations)}`).toBe(true);

  const final = await runWorker(root, setId);
  expect([final.code, final.stderr], random.replay).toEqual([0, '']);
  // On a fast machine a worker may finish its set's insert before the kill lands; its rows then come back as duplicates.
  const inserted = observations.at(-1)!.rows;
  expect([0, count], random.replay).toContain(inserted); // a set's rows are inserted in one transaction: all or none
  expect(JSON.parse(final.stdout.trim().split('\n').at(-1)!)).toMatchObject({ files: count, queued: count - inserted, errors: 0, duplicates: inserted });
  const check = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  const rows = listRows(check);
  check.close();
  expect(rows.map((r) => r.Review_Status)).toEqual(Array(count).fill('Queued'));
  expect(new Set(rows.map((r) => r.File_Name)).size).toBe(count);
  expect(inspectIncoming(incoming)).toEqual({ temps: 0, complete: count });
  for (const row of rows) expect(sha256(row.incoming_path!)).toBe(row.content_sha256);
  expect(Object.fromEntries(fs.readdirSync(photos).map((name) => [name, sha256(path.join(photos, name))]))).toEqual(before);
});
