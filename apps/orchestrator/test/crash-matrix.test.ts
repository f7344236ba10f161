import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { expect } from 'vitest';
import { parseStagedName, parseTempName } from '@proofsheet/ingest';
import { findInterruptedRuns, listReservations, listRows, openQueueDatabase } from '@proofsheet/queue';
import { PROOFSHEET_BIN, createOllamaStandIn, runProofsheet, test } from '@proofsheet/testkit';

// SPEC §9 / issue 8: a kill -9 at any moment must never lose a row, duplicate a filename, leave a
// reservation without its row or leave a partial incoming file; resume must end where an
// uninterrupted run ends.

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../samples/landscapes');
const IMAGES = 30;
const KILLS = 25;

/** 30 distinct photographs (crops, flips and tints of the bundled samples), 800 px wide. */
async function makePhotos(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const sources = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.jpg')).sort();
  for (let i = 0; i < IMAGES; i += 1) {
    const source = path.join(SAMPLES, sources[i % sources.length]!);
    const { width = 1200, height = 800 } = await sharp(source).metadata();
    const crop = { left: (i * 37) % Math.max(1, width - 900), top: (i * 23) % Math.max(1, height - 600), width: Math.min(900, width), height: Math.min(600, height) };
    let image = sharp(source).extract(crop).resize(800).modulate({ hue: (i * 47) % 360, brightness: 0.8 + (i % 5) * 0.1 });
    if (i % 2 === 1) image = image.flop();
    await image.jpeg({ quality: 85 }).toFile(path.join(dir, `photo_${String(i).padStart(2, '0')}.jpg`));
  }
}

/** A deterministic generator, so a failure can be replayed (the seed is in the test name's output). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

type RowJson = { id: number; Original_File_Name: string; File_Name: string; Review_Status: string; QC_Status: string; QR: number | null; stage_done: number };

async function finalRows(root: string): Promise<RowJson[]> {
  return JSON.parse((await runProofsheet(['rows', '--root', root, '--json'], { timeoutMs: 60_000 })).stdout) as RowJson[];
}

function hasInterruptedRun(root: string): boolean {
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  try {
    return findInterruptedRuns(db).length > 0;
  } finally {
    db.close();
  }
}

/** Starts `proofsheet <args>` and kills it with SIGKILL after `delayMs` (or lets it end first). */
async function runAndKill(args: string[], env: Record<string, string>, delayMs: number): Promise<'killed' | 'finished'> {
  const child = spawn(process.execPath, [PROOFSHEET_BIN, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const outcome = await Promise.race([exited.then(() => 'finished' as const), sleep(delayMs).then(() => 'kill' as const)]);
  if (outcome === 'finished') return 'finished';
  child.kill('SIGKILL');
  await exited;
  return 'killed';
}

function summary(list: RowJson[]): unknown[] {
  return list.map((r) => [r.Original_File_Name, r.File_Name, r.Review_Status, r.QC_Status, r.QR, r.stage_done]).sort();
}

/**
 * What must hold after any kill: no filename reserved twice or without its row (and, once the batch
 * is complete, one reservation per image), and every incoming file that looks complete is intact.
 */
function checkInvariants(root: string, options: { complete?: boolean } = {}): string[] {
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  const reservations = listReservations(db);
  const rows = listRows(db);
  const rowIds = new Set(rows.map((r) => r.id));
  db.close();
  expect(new Set(reservations.map((r) => r.name_key)).size).toBe(reservations.length);
  expect(reservations.filter((r) => r.row_id === null || !rowIds.has(r.row_id))).toEqual([]);
  if (options.complete) expect(reservations.map((r) => r.state)).toEqual(Array(IMAGES).fill('reserved'));
  const incoming = path.join(root, 'data', 'incoming');
  for (const setDir of fs.existsSync(incoming) ? fs.readdirSync(incoming) : []) {
    for (const name of fs.readdirSync(path.join(incoming, setDir))) {
      if (parseTempName(name) !== null) continue;
      expect(sha256(path.join(incoming, setDir, name))).toBe(parseStagedName(name));
    }
  }
  // Where the batch was when it was killed, by the rows' checkpoints (stages 5–7 overlap: rows flow).
  if (rows.length === 0) return ['stages 1-4'];
  const phases = [];
  if (rows.some((r) => r.stage_done < 6)) phases.push('stages 5-6');
  if (rows.some((r) => r.stage_done === 6)) phases.push('stage 7');
  return phases.length > 0 ? phases : ['done'];
}

async function setUpProject(root: string, photos: string): Promise<void> {
  expect((await runProofsheet(['init', '--root', root], { timeoutMs: 60_000 })).code).toBe(0);
  expect((await runProofsheet(['set', 'add', photos, '--subject', 'Basque Mountains', '--location', 'Gipuzkoa', '--category', 'Landscape', '--root', root], { timeoutMs: 60_000 })).code).toBe(0);
}

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test(`kill -9 at ${KILLS} random moments across stages 2–7, then resume: nothing lost or doubled, same result as an uninterrupted run`, { timeout: 1_200_000 }, async ({ tmp }) => {
  const photos = tmp.join('photos');
  await makePhotos(photos);
  // Captions take long enough (150 ms each, 2 slots) that kills also land while rows wait for or are in stage 7.
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 2, latencyMs: 150 }] });
  const env = { PROOFSHEET_CAPTION__HOSTS: JSON.stringify([{ url: ollama.url, slots: 2 }]) };
  try {
    const reference = tmp.join('reference');
    await setUpProject(reference, photos);
    const started = performance.now();
    const uninterrupted = await runProofsheet(['run', '--root', reference], { env, timeoutMs: 600_000 });
    const runMs = performance.now() - started;
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);

    const expected = summary(await finalRows(reference));
    const random = createRandom(20261122);
    let killed = 0;
    const phases = new Set<string>();
    // Fresh copies of the batch until 25 kills have landed: each is killed again and again (run, then
    // resume) at random moments until a run gets to finish on its own, then checked.
    for (let copy = 1; killed < KILLS && copy <= 12; copy += 1) {
      const root = tmp.join(`crashed-${copy}`);
      await setUpProject(root, photos);
      for (let attempt = 0, finished = false; !finished; attempt += 1) {
        const command = hasInterruptedRun(root) ? 'resume' : 'run';
        // The first kill of each copy lands early (process start, stages 1–4); later ones anywhere in a run.
        const delay = killed >= KILLS ? 600_000 : attempt === 0 ? 250 + random() * 1000 : 250 + random() * runMs * 0.6;
        finished = (await runAndKill([command, '--root', root], env, delay)) === 'finished';
        if (!finished) {
          killed += 1;
          for (const phase of checkInvariants(root)) phases.add(phase);
        }
      }
      const last = await runProofsheet([hasInterruptedRun(root) ? 'resume' : 'run', '--root', root], { env, timeoutMs: 600_000 });
      expect(last.code, last.stderr).toBe(0);
      const rows = await finalRows(root);
      // Every source image is exactly one row; the final statuses equal the uninterrupted run's.
      expect(rows.map((r) => r.Original_File_Name).sort()).toEqual(fs.readdirSync(photos).sort());
      expect(summary(rows)).toEqual(expected);
      checkInvariants(root, { complete: true });
    }
    expect(killed).toBe(KILLS);
    expect([...phases].sort()).toEqual(expect.arrayContaining(['stage 7', 'stages 1-4', 'stages 5-6']));
  } finally {
    await ollama.close();
  }
});
