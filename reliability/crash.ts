// Crash matrix: `kill -9` at random moments across `proofsheet run` (then `resume`) and across
// `proofsheet publish` (then `publish` again). Each copy of the batch is killed again and again until
// a process finishes on its own; after every kill the reservations and staged copies must hold, and
// at the end the state must equal an uninterrupted run's and nothing may be lost.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findInterruptedRuns, openQueueDatabase } from '@proofsheet/queue';
import { createOllamaStandIn } from '../packages/testkit/src/ollama-stand-in/index.js';
import { createSeededRandom } from '../packages/testkit/src/seeded-random.js';
import { assertNothingLost } from './invariants.js';
import { cli, createProject, createProjectSnapshot, envNumber, makePhotos, runCase, spawnProofsheet, workDir } from './lib.js';

const FAMILY = 'crash';
/**
 * Width of the crash batches' photos: every stage and both publish resizes still run (the thumbnail
 * fits inside 548×365), at a fraction of the 800 px photos' cost per run, resume and publish.
 */
const PHOTO_WIDTH = 640;

type Row = { id: number; Original_File_Name: string; File_Name: string; Review_Status: string; QC_Status: string; QR: number | null; stage_done: number; Caption: string | null };

async function rows(root: string): Promise<Row[]> {
  return JSON.parse((await cli(['rows', '--root', root, '--json'], { expectCode: 0 })).stdout) as Row[];
}

// The stand-in's captions vary from request to request: compare whether a row has one, not its words.
const runSummary = (list: Row[]): string => JSON.stringify(list.map((r) => [r.Original_File_Name, r.File_Name, r.Review_Status, r.QC_Status, r.QR, r.stage_done, r.Caption ? 'captioned' : null]).sort());
const publishSummary = (list: Row[]): string => JSON.stringify(list.map((r) => [r.File_Name, r.Review_Status]).sort());

function hasInterruptedRun(root: string): boolean {
  const db = openQueueDatabase(path.join(root, 'data', 'proofsheet.db'));
  try {
    return findInterruptedRuns(db).length > 0;
  } finally {
    db.close();
  }
}

/** Starts `proofsheet <args>` and sends SIGKILL after `delayMs`, unless it ends first. */
async function killAfter(args: string[], env: Record<string, string>, delayMs: number, spans: Map<string, number>): Promise<'killed' | 'finished'> {
  const started = performance.now();
  const proc = spawnProofsheet(args, env);
  const outcome = await Promise.race([proc.exited.then(() => 'finished' as const), sleep(delayMs).then(() => 'killed' as const)]);
  if (outcome === 'killed') {
    proc.child.kill('SIGKILL');
    await proc.exited;
  } else {
    // It finished before the kill: later kills of this command are drawn within how long it really takes.
    spans.set(args[0]!, performance.now() - started);
  }
  return outcome;
}

function siteFiles(root: string): string {
  const dir = path.join(root, 'data', 'site');
  return JSON.stringify(fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).sort() : []);
}

export async function runCrashFamily(): Promise<void> {
  const kills = envNumber('RELIABILITY_CRASHES', 50);
  const images = envNumber('RELIABILITY_IMAGES', 12);
  const perCopy = Math.max(1, envNumber('RELIABILITY_KILLS_PER_COPY', 5));
  const work = workDir('crash');
  const photos = path.join(work, 'photos');
  await makePhotos(photos, images, 0, PHOTO_WIDTH);
  const random = createSeededRandom({ fallback: 20261203 });
  console.log(`crash matrix: ${kills} kills per matrix, ${images} images, up to ${perCopy} kills per copy, seed ${random.seed} (replay: ${random.replay})`);
  const ollama = await createOllamaStandIn({ models: [{ name: 'qwen2.5vl:7b', parallel: 2, latencyMs: 100 }] });
  const captionConfig = { caption: { hosts: [{ url: ollama.url, slots: 2 }] } };
  try {
    // --- run, then resume ---
    // Every copy starts from the same fresh project (init + set add, saved once), at the same path;
    // the uninterrupted reference is that project run once.
    const root = path.join(work, 'run-copy');
    const fresh = createProjectSnapshot(root, path.join(work, 'run-fresh'));
    await createProject(root, photos, captionConfig);
    fresh.save();
    let started = performance.now();
    const uninterrupted = await cli(['run', '--root', root, '--json'], { timeoutMs: 600_000 });
    const runMs = performance.now() - started;
    if (uninterrupted.code !== 0) throw new Error(`uninterrupted run exited ${uninterrupted.code}: ${uninterrupted.stderr.slice(-400)}`);
    const expectedRun = runSummary(await rows(root));
    console.log(`crash matrix: uninterrupted run of ${images} images took ${(runMs / 1000).toFixed(1)} s`);

    let killed = 0;
    // Kill moments are drawn over how long each command takes (first the uninterrupted run; then what a finished attempt took).
    const spans = new Map<string, number>([['run', runMs], ['resume', runMs]]);
    for (let copy = 1; killed < kills; copy += 1) {
      await runCase(FAMILY, `run copy ${copy}`, async () => {
        fresh.restore();
        const moments: string[] = [];
        for (let attempt = 0; moments.length < perCopy && killed < kills && attempt < perCopy * 4; attempt += 1) {
          const command = hasInterruptedRun(root) ? 'resume' : 'run';
          const delay = Math.round(random.next() * spans.get(command)!);
          if ((await killAfter([command, '--root', root], {}, delay, spans)) === 'finished') break;
          killed += 1;
          moments.push(`${command}@${delay}ms`);
          await assertNothingLost(root, { settled: false, verify: false });
        }
        const last = await cli([hasInterruptedRun(root) ? 'resume' : 'run', '--root', root], { timeoutMs: 600_000 });
        if (last.code !== 0) throw new Error(`final run/resume exited ${last.code}: ${last.stderr.slice(-400)}`);
        if (hasInterruptedRun(root)) throw new Error('an interrupted run is left after the final resume');
        const actual = runSummary(await rows(root));
        if (actual !== expectedRun) throw new Error(`final rows differ from the uninterrupted run: ${actual} vs ${expectedRun}`);
        await assertNothingLost(root, { sources: [photos] });
        return `${moments.length} kill(s): ${moments.join(' ') || 'none landed'}`;
      });
      if (copy > kills + 5) break;
    }
    fs.rmSync(root, { recursive: true, force: true });

    // --- publish, then publish again ---
    // Every copy starts from the same approved project (run once, saved), at the same path; the
    // uninterrupted reference is that project published once.
    const publishRoot = path.join(work, 'publish-copy');
    const approved = createProjectSnapshot(publishRoot, path.join(work, 'publish-approved'));
    await createProject(publishRoot, photos, { caption: { enabled: false } });
    await cli(['run', '--root', publishRoot], { expectCode: 0, timeoutMs: 600_000 });
    await cli(['approve', ...(await rows(publishRoot)).map((r) => String(r.id)), '--root', publishRoot], { expectCode: 0 });
    approved.save();
    started = performance.now();
    await cli(['publish', '--root', publishRoot], { expectCode: 0, timeoutMs: 600_000 });
    const publishMs = performance.now() - started;
    const expectedPublish = publishSummary(await rows(publishRoot));
    const expectedSite = siteFiles(publishRoot);
    await assertNothingLost(publishRoot, { sources: [photos] });
    console.log(`crash matrix: uninterrupted publish of ${images} rows took ${(publishMs / 1000).toFixed(1)} s`);

    killed = 0;
    spans.set('publish', publishMs);
    for (let copy = 1; killed < kills; copy += 1) {
      const root = publishRoot;
      await runCase(FAMILY, `publish copy ${copy}`, async () => {
        approved.restore();
        const moments: string[] = [];
        for (let attempt = 0; moments.length < perCopy && killed < kills && attempt < perCopy * 4; attempt += 1) {
          const delay = Math.round(random.next() * spans.get('publish')!);
          if ((await killAfter(['publish', '--root', root], {}, delay, spans)) === 'finished') break;
          killed += 1;
          moments.push(`publish@${delay}ms`);
          await assertNothingLost(root, { settled: false, verify: false });
        }
        const last = await cli(['publish', '--root', root, '--json'], { timeoutMs: 600_000 });
        if (last.code !== 0) throw new Error(`final publish exited ${last.code}: ${last.stderr.slice(-400)}`);
        const actual = publishSummary(await rows(root));
        if (actual !== expectedPublish) throw new Error(`final rows differ from the uninterrupted publish: ${actual} vs ${expectedPublish}`);
        if (siteFiles(root) !== expectedSite) throw new Error(`site files differ from the uninterrupted publish: ${siteFiles(root)}`);
        await assertNothingLost(root, { sources: [photos] });
        // Publishing again has nothing left to do.
        const again = JSON.parse((await cli(['publish', '--root', root, '--json'], { expectCode: 0 })).stdout) as { published: number; failed: number };
        if (again.published !== 0 || again.failed !== 0) throw new Error(`publish after the final publish did work again: ${JSON.stringify(again)}`);
        return `${moments.length} kill(s): ${moments.join(' ') || 'none landed'}`;
      });
      if (copy > kills + 5) break;
    }
    fs.rmSync(publishRoot, { recursive: true, force: true });
  } finally {
    await ollama.close();
  }
}
