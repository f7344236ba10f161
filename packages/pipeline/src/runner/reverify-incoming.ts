import path from 'node:path';
import { copyToTemp, hashFile, promoteTemp, verifyCopy } from '@proofsheet/ingest';
import { markRowError, type SqliteDatabase } from '@proofsheet/queue';
import type { QueueRow } from './types.js';

/** What re-verifying the staged copies of waiting rows found (and, unless a dry run, did). */
export interface ReverifyReport {
  readonly intact: number;
  /** Copies that were missing or damaged and were copied again from the operator's original. */
  readonly restaged: ReadonlyArray<{ readonly row_id: number; readonly File_Name: string | null }>;
  /** Rows whose copy and original are both gone or changed: `Error` / `SOURCE_MISSING`. */
  readonly missing: ReadonlyArray<{ readonly row_id: number; readonly File_Name: string | null; readonly reason: string }>;
}

async function sha256Of(file: string | null): Promise<string | null> {
  if (!file) return null;
  try {
    return (await hashFile(file)).sha256;
  } catch {
    return null;
  }
}

/**
 * Before a resume (SPEC §9): every waiting row's copy in `incoming/` must still hash to its
 * `content_sha256`. A missing or damaged copy is staged again from `source_path` when the original
 * still has the same content; otherwise the row becomes `Error` / `SOURCE_MISSING` at stage 2 (with a
 * retry path). `dryRun` only reports.
 */
export async function reverifyIncoming(db: SqliteDatabase, rows: readonly QueueRow[], options: { readonly dryRun: boolean }): Promise<ReverifyReport> {
  let intact = 0;
  const restaged: Array<{ row_id: number; File_Name: string | null }> = [];
  const missing: Array<{ row_id: number; File_Name: string | null; reason: string }> = [];
  for (const row of rows) {
    if (!row.incoming_path || !row.content_sha256) continue;
    if ((await sha256Of(row.incoming_path)) === row.content_sha256) {
      intact += 1;
      continue;
    }
    if ((await sha256Of(row.source_path)) === row.content_sha256 && row.source_path) {
      if (!options.dryRun) await restage(row.source_path, row.incoming_path, row.content_sha256);
      restaged.push({ row_id: row.id, File_Name: row.File_Name });
      continue;
    }
    const reason = `staged copy ${row.incoming_path} is missing or damaged and the original ${row.source_path ?? '(unknown)'} is gone or changed`;
    if (!options.dryRun) markRowError(db, row.id, { code: 'SOURCE_MISSING', message: reason, stage: 2 });
    missing.push({ row_id: row.id, File_Name: row.File_Name, reason });
  }
  return { intact, restaged, missing };
}

async function restage(source: string, target: string, sha256: string): Promise<void> {
  const temp = await copyToTemp(source, path.dirname(target), process.pid);
  const expected = { sha256, size: temp.size };
  await verifyCopy(temp.tempPath, expected);
  await promoteTemp(temp.tempPath, target, expected);
}
