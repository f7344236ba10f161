import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from '@proofsheet/log';
import { parseTempName } from './staged-names.js';

/**
 * Removes temporary copies left in `dir` by processes that are no longer running (a crash or
 * `kill -9` mid-copy). Temporaries of live processes (`isAlive`), including this one, are left
 * alone. Returns the removed paths; a missing folder is nothing to clean.
 */
export async function removeStaleTemps(dir: string, isAlive: (pid: number) => boolean = isProcessAlive): Promise<string[]> {
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
