import { listRows, type SqliteDatabase } from '@proofsheet/queue';
import { createExistingTexts, type ExistingTexts } from '@proofsheet/stages';
import type { QueueRow } from './types.js';

/** The last stage before captioning (stages 5–6 run as one step). */
export const DERIVED_STAGE = 6;
/** Rows are inserted at stage 4; anything below has no row yet. */
export const INSERTED_STAGE = 4;

/**
 * Rows waiting in the pipeline: `Queued` and past insertion (stage_done 4–6), whatever run
 * created them — so rows whose captioning was skipped or interrupted earlier are picked up by the
 * next `run` or `resume`.
 */
export function selectWaitingRows(db: SqliteDatabase): QueueRow[] {
  return listRows(db, { status: 'Queued' }).filter((row) => row.stage_done >= INSERTED_STAGE && row.stage_done < 7);
}

/** Every caption and alt text already in the queue, so new ones stay unique (SPEC §7). */
export function readExistingTexts(db: SqliteDatabase): ExistingTexts {
  const rows = listRows(db).filter((row) => row.Caption || row.alt_text);
  return createExistingTexts({
    captions: rows.map((row) => row.Caption).filter((t): t is string => Boolean(t)),
    altTexts: rows.map((row) => row.alt_text).filter((t): t is string => Boolean(t)),
  });
}
