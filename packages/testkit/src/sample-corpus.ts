import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The corpus script, carried in this package (`packages/testkit/corpus/build-samples.sh`). */
export const SAMPLE_CORPUS_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../corpus/build-samples.sh');

/** The sub-folders the corpus script writes, each a natural set. */
export const SAMPLE_CORPUS_SETS = ['landscapes', 'nature', 'city'] as const;

let building: Promise<string> | undefined;

/**
 * Returns the folder of real photographs built by `packages/testkit/corpus/build-samples.sh` (Debian
 * wallpaper packages: 14 JPEGs, 1.4–20 Mpx, in `landscapes/`, `nature/`, `city/`). Built once per
 * machine under the OS temp folder (the script is idempotent: it returns at once when the folder
 * is complete); `PROOFSHEET_SAMPLES_DIR` overrides the location. Treat the folder as read-only.
 */
export function readSampleCorpus(): Promise<string> {
  building ??= buildCorpus();
  return building;
}

/**
 * Test files run in parallel processes; each may find the corpus missing. Each builds into its
 * own folder and renames it into place, so nobody ever reads a half-copied corpus; the loser of
 * the rename race drops its copy and uses the winner's.
 */
async function buildCorpus(): Promise<string> {
  const dir = process.env.PROOFSHEET_SAMPLES_DIR ?? path.join(os.tmpdir(), 'proofsheet-samples-real');
  if (fs.existsSync(path.join(dir, '.complete'))) return dir;
  if (!fs.existsSync(SAMPLE_CORPUS_SCRIPT)) throw new Error(`corpus script not found at ${SAMPLE_CORPUS_SCRIPT}`);
  const building = `${dir}.building-${process.pid}`;
  const stale = `${dir}.stale-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  try {
    await promisify(execFile)('bash', [SAMPLE_CORPUS_SCRIPT, building], { timeout: 300_000 });
    // An incomplete folder (an interrupted build) is moved aside, never deleted in place.
    if (fs.existsSync(dir) && !fs.existsSync(path.join(dir, '.complete'))) fs.renameSync(dir, stale);
    fs.renameSync(building, dir);
  } catch (error) {
    if (!fs.existsSync(path.join(dir, '.complete'))) throw error;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
    fs.rmSync(stale, { recursive: true, force: true });
  }
  return dir;
}
