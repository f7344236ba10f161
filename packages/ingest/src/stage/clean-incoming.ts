import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseTempName } from './staged-names.js';

/**
 * The default liveness check of {@link removeStaleTemps} for callers that pass none (signal 0).
 * Product code passes `isProcessAlive` of `@proofsheet/queue`, the one implementation that runs
 * use too (ingest may not import the queue, so it takes the check as a port, like `ProbeImage`).
 */
function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary copies left in `dir` by processes that are no longer running (a crash or
 * `kill -9` mid-copy). Temporaries of live processes (`isAlive`), including this one, are left
 * alone. Returns the removed paths; a missing folder is nothing to clean.
 */
export async function removeStaleTemps(dir: string, isAlive: (pid: number) => boolean = isPidAlive): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = parseTempName(name);
    if (pid === null || pid === process.pid || isAlive(pid)) continue;
    await rm(path.join(dir, name), { force: true });
    removed.push(path.join(dir, name));
  }
  return removed;
}
