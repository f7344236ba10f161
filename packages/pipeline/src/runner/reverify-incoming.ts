import { toProofsheetError } from '@proofsheet/core';
import { copyVerified, hashFile } from '@proofsheet/ingest';
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
    let reason = `staged copy ${row.incoming_path} is missing or damaged and the original ${row.source_path ?? '(unknown)'} is gone or changed`;
    const source = row.source_path ? await hashFile(row.source_path).catch(() => null) : null;
    if (source !== null && source.sha256 === row.content_sha256) {
      try {
        if (!options.dryRun) await copyVerified(row.source_path as string, row.incoming_path, source, process.pid);
        restaged.push({ row_id: row.id, File_Name: row.File_Name });
        continue;
      } catch (error) {
        // The original changed while it was copied: the row's content is gone. Anything else (a full disk) stops the resume.
        const failure = toProofsheetError(error);
        if (failure.kind !== 'row') throw failure;
        reason = failure.message;
      }
    }
    if (!options.dryRun) markRowError(db, row.id, { code: 'SOURCE_MISSING', message: reason, stage: 2 });
    missing.push({ row_id: row.id, File_Name: row.File_Name, reason });
  }
  return { intact, restaged, missing };
}
