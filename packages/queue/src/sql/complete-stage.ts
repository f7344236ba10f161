import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import { toColumnEntries, type ReviewRowValues } from '../schema/review-columns.js';
import { requireRow } from './read-rows.js';
import { recordRowEvent, type Actor } from './row-events.js';
import { transitionRow } from './transition-row.js';

/** Fields whose machine-written value is recorded as a row event, so the audit shows AI value vs final value. */
export const AI_AUDITED_FIELDS = ['Caption', 'alt_text', 'Keywords'] as const;

/** Input of {@link completeRowStage}. */
export interface CompleteStageInput {
  /** The stage number just completed (5 quality, 6 derive, 7 caption). */
  readonly stage: number;
  /** Column values the stage produced (scores, paths, caption texts, provenance JSON…). */
  readonly values?: ReviewRowValues;
  /** Move the row out of `Queued` in the same transaction (after the last stage). */
  readonly status?: 'Pending' | 'Metadata_Needs_Work';
}

/**
 * A row's per-stage checkpoint (SPEC §9): writes the stage's values, raises `stage_done` to
 * `stage` and, when given, moves the row to `Pending` / `Metadata_Needs_Work` — all in one
 * transaction, so a crash leaves the row either before or after the stage, never half-way.
 * Caption, alt text and keywords written here are recorded as `field_edit` events (the AI value).
 */
export function completeRowStage(db: SqliteDatabase, id: number, input: CompleteStageInput, actor: Actor = { kind: 'pipeline' }): void {
  const entries = toColumnEntries((input.values ?? {}) as Readonly<Record<string, unknown>>).filter(([column]) => column !== 'stage_done');
  runImmediate(db, () => {
    const row = requireRow(db, id) as unknown as Record<string, unknown>;
    const sets = entries.map(([column]) => `${column} = ?, `).join('');
    db.prepare(`UPDATE review_queue SET ${sets}stage_done = max(stage_done, ?), updated_at = ? WHERE id = ?`).run(...entries.map(([, v]) => v), input.stage, nowIso(), id);
    for (const [column, value] of entries) {
      if ((AI_AUDITED_FIELDS as readonly string[]).includes(column) && row[column] !== value) {
        recordRowEvent(db, { rowId: id, kind: 'field_edit', field: column, oldValue: row[column], newValue: value, actor });
      }
    }
    if (input.status) transitionRow(db, id, input.status, actor);
  });
}
