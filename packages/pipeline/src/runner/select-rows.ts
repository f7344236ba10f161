import { listRows, type SqliteDatabase } from '@proofsheet/queue';
import { createExistingTexts, type ExistingTexts } from '@proofsheet/stages';
import type { QueueRow } from './types.js';

/** The last stage before captioning (stages 5–6 run as one step). */
export const DERIVED_STAGE = 6;
/** Rows are inserted at stage 4; anything below has no row yet. */
export const INSERTED_STAGE = 4;

/** A row requeued at stage 1–3 (`proofsheet retry`) that still has its name and content hash: it is staged again from its original. */
export function needsRestage(row: QueueRow): boolean {
  return row.stage_done < INSERTED_STAGE && Boolean(row.File_Name && row.content_sha256 && row.incoming_path);
}

/**
 * Rows waiting in the pipeline, whatever run created them — so rows whose captioning was skipped
 * or interrupted earlier are picked up by the next `run` or `resume`: `Queued` past insertion
 * (stage_done 4–6), plus rows requeued at stages 1–3 that can be restaged ({@link needsRestage}).
 */
export function selectWaitingRows(db: SqliteDatabase): QueueRow[] {
  return listRows(db, { status: 'Queued' }).filter((row) => row.stage_done < 7 && (row.stage_done >= INSERTED_STAGE || needsRestage(row)));
}

/** Every caption and alt text already in the queue, so new ones stay unique (SPEC §7). */
export function readExistingTexts(db: SqliteDatabase): ExistingTexts {
  const rows = listRows(db).filter((row) => row.Caption || row.alt_text);
  return createExistingTexts({
    captions: rows.map((row) => row.Caption).filter((t): t is string => Boolean(t)),
    altTexts: rows.map((row) => row.alt_text).filter((t): t is string => Boolean(t)),
  });
}
