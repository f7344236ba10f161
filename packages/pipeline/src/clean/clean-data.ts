import type fs from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError, type ProjectPaths } from '@proofsheet/core';
import { parseStagedName, parseTempName } from '@proofsheet/ingest';
import { isProcessAlive } from '@proofsheet/log';
import { assertNoLiveRun, readReferencedFiles, type SqliteDatabase } from '@proofsheet/queue';

/** One thing `proofsheet clean` removes, and why. */
export interface CleanItem {
  readonly path: string;
  readonly kind: 'staged' | 'temp' | 'derived';
  readonly bytes: number;
  readonly reason: string;
  /** The inode seen when planning: an item replaced since (a new copy under the same name) is left alone. */
  readonly ino: number;
}

/** What {@link planClean} found. */
export interface CleanPlan {
  readonly items: readonly CleanItem[];
  readonly bytes: number;
}

async function sizeOf(target: string): Promise<number> {
  const stat = await lstat(target);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of await readdir(target)) total += await sizeOf(path.join(target, name));
  return total;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function item(target: string, kind: CleanItem['kind'], reason: string): Promise<CleanItem> {
  return { path: target, kind, reason, bytes: await sizeOf(target), ino: (await lstat(target)).ino };
}

/** Staged copies no row references and temporaries of processes that are gone, in `data/incoming/<set_id>/`. */
async function findIncoming(incoming: string, referenced: ReadonlySet<string>): Promise<CleanItem[]> {
  const found: CleanItem[] = [];
  for (const setDir of await listDir(incoming)) {
    const dir = path.join(incoming, setDir);
    for (const name of await listDir(dir)) {
      const file = path.join(dir, name);
      const writer = parseTempName(name);
      if (writer !== null && !isProcessAlive(writer)) found.push(await item(file, 'temp', `partial copy left by process ${writer}, which is gone`));
      // Only names Proofsheet writes are candidates; anything else in the folder is not ours to remove.
      else if (parseStagedName(name) !== null && !referenced.has(file)) found.push(await item(file, 'staged', 'staged copy that no row references'));
    }
  }
  return found;
}

/** Derivative folders `data/derived/<row_id>/` whose row no longer exists. */
async function findDerived(derived: string, rowIds: ReadonlySet<number>): Promise<CleanItem[]> {
  const found: CleanItem[] = [];
  for (const name of await listDir(derived)) {
    if (!/^\d+$/.test(name) || rowIds.has(Number(name))) continue;
    found.push(await item(path.join(derived, name), 'derived', `derivatives of row ${name}, which does not exist`));
  }
  return found;
}

/**
 * Lists the staged copies and derivatives that no row references (files that failed at stage 3,
 * copies superseded after a crash, derivatives of deleted rows) and partial copies of dead
 * processes. Refuses with `RUN_IN_PROGRESS` while a run is live — before listing and again after,
 * in the same read as the references, so a run that started meanwhile (whose fresh copies are not
 * referenced yet) is never cleaned under.
 */
export async function planClean(db: SqliteDatabase, paths: Pick<ProjectPaths, 'incoming' | 'derived'>): Promise<CleanPlan> {
  assertNoLiveRun(db);
  const referencedBefore = readReferencedFiles(db);
  const candidates = [...(await findIncoming(paths.incoming, referencedBefore.incoming)), ...(await findDerived(paths.derived, referencedBefore.rowIds))];
  assertNoLiveRun(db);
  const referenced = readReferencedFiles(db);
  const items = candidates.filter((c) => (c.kind === 'derived' ? !referenced.rowIds.has(Number(path.basename(c.path))) : !referenced.incoming.has(c.path)));
  return { items, bytes: items.reduce((n, i) => n + i.bytes, 0) };
}

/** Removes what {@link planClean} listed, skipping anything that changed since (another inode now under that name). */
export async function applyClean(plan: CleanPlan): Promise<{ removed: CleanItem[]; skipped: CleanItem[] }> {
  const removed: CleanItem[] = [];
  const skipped: CleanItem[] = [];
  for (const entry of plan.items) {
    let current: fs.Stats;
    try {
      current = await lstat(entry.path);
    } catch {
      continue; // already gone
    }
    if (current.ino !== entry.ino) {
      skipped.push(entry);
      continue;
    }
    try {
      await rm(entry.path, { recursive: true, force: true });
    } catch (error) {
      throw new ProofsheetError('PATH_NOT_WRITABLE', `cannot remove ${entry.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error, details: { path: entry.path } });
    }
    removed.push(entry);
  }
  return { removed, skipped };
}
