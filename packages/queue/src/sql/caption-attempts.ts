import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';

/** One model request for a row, as the caption stage reports it (structurally its `CaptionAttempt`). */
export interface CaptionAttemptInput {
  readonly row_id: number | string;
  /** 1-based, over every request of the row. */
  readonly attempt: number;
  readonly model: string;
  readonly host: string;
  readonly prompt_hash: string;
  readonly started_at: string;
  readonly duration_ms: number;
  /** `accepted`, `rejected`, `idle_timeout`, `hard_timeout`, `crash`, `unreachable`, … */
  readonly outcome: string;
  readonly reasons: readonly string[];
  readonly done_reason: string | null;
  readonly eval_count: number | null;
  readonly error_code: string | null;
  readonly options?: unknown;
}

/** A stored `caption_attempts` row, reasons parsed. */
export interface CaptionAttemptRecord {
  readonly id: number;
  readonly row_id: number;
  readonly run_id: string | null;
  readonly attempt: number;
  readonly model: string | null;
  readonly host: string | null;
  readonly prompt_hash: string | null;
  readonly outcome: string;
  readonly reasons: string[];
  readonly done_reason: string | null;
  readonly eval_count: number | null;
  readonly error_code: string | null;
  readonly duration_ms: number | null;
  readonly started_at: string | null;
  readonly created_at: string;
}

/** Appends the attempts of one or more rows (one transaction). */
export function recordCaptionAttempts(db: SqliteDatabase, runId: string | null, attempts: readonly CaptionAttemptInput[]): void {
  const insert = db.prepare(
    `INSERT INTO caption_attempts (row_id, run_id, attempt, model, host, prompt_hash, options_json, outcome, error_code, duration_ms, started_at, reasons_json, done_reason, eval_count, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  runImmediate(db, () => {
    for (const a of attempts) {
      const options = a.options === undefined ? null : JSON.stringify(a.options);
      insert.run(Number(a.row_id), runId, a.attempt, a.model, a.host, a.prompt_hash, options, a.outcome, a.error_code, a.duration_ms, a.started_at, JSON.stringify(a.reasons), a.done_reason, a.eval_count, nowIso());
    }
  });
}

/** The caption attempts of a row, oldest first. */
export function listCaptionAttempts(db: SqliteDatabase, rowId: number): CaptionAttemptRecord[] {
  const rows = db
    .prepare('SELECT id, row_id, run_id, attempt, model, host, prompt_hash, outcome, reasons_json, done_reason, eval_count, error_code, duration_ms, started_at, created_at FROM caption_attempts WHERE row_id = ? ORDER BY id')
    .all(rowId) as Array<Omit<CaptionAttemptRecord, 'reasons'> & { reasons_json: string | null }>;
  return rows.map(({ reasons_json: reasons, ...rest }) => ({ ...rest, reasons: reasons === null ? [] : (JSON.parse(reasons) as string[]) }));
}
