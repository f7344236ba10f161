import { STAGES, type ErrorCode } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import { toColumnEntries, type ReviewRowValues } from '../schema/review-columns.js';
import { createNameAllocator, type NameRequest } from './filename-reservations.js';
import { recordRowEvent } from './row-events.js';

/** One row of a set to insert: its column values and the name it needs. */
export interface SetRowInput {
  /** Column values (original spelling: `Original_File_Name`, `Camera`, …; new: `content_sha256`, `source_path`, …). */
  readonly values: ReviewRowValues;
  readonly name: NameRequest;
}

/** Input of {@link insertSetRows}. */
export interface InsertSetRowsInput {
  readonly setId: number;
  readonly runId: string | null;
  readonly rows: readonly SetRowInput[];
  /**
   * Called synchronously after each row and its reservation are written, still inside the
   * transaction (progress reporting; crash tests pause here). Throwing rolls everything back.
   */
  readonly onRowInserted?: (index: number, row: InsertedRow) => void;
}

/** A row written by {@link insertSetRows}, in input order. */
export interface InsertedRow {
  readonly id: number;
  readonly File_Name: string;
}

function insertRow(db: SqliteDatabase, values: Readonly<Record<string, unknown>>): number {
  const now = nowIso();
  const entries = [...Object.entries(values), ['created_at', now], ['updated_at', now]] as Array<[string, unknown]>;
  const sql = `INSERT INTO review_queue (${entries.map(([c]) => c).join(', ')}) VALUES (${entries.map(() => '?').join(', ')})`;
  return Number(db.prepare(sql).run(...entries.map(([, v]) => v)).lastInsertRowid);
}

/** Checked column values; the content hash is stored lower-case so duplicate lookups always match. */
function toInsertValues(values: ReviewRowValues): Record<string, unknown> {
  const entries = Object.fromEntries(toColumnEntries(values as Readonly<Record<string, unknown>>));
  if (typeof entries.content_sha256 === 'string') entries.content_sha256 = entries.content_sha256.toLowerCase();
  return entries;
}

/**
 * Stages 3–4's write (SPEC §3, §5): allocates a name for every row AND inserts the rows, all in
 * ONE `BEGIN IMMEDIATE` transaction. Rows start `Queued` / `NA` with `stage_done = 4` unless the
 * values say otherwise. A crash at any point leaves neither rows nor reservations of the set.
 */
export function insertSetRows(db: SqliteDatabase, input: InsertSetRowsInput): InsertedRow[] {
  return runImmediate(db, () => {
    const allocate = createNameAllocator(db);
    return input.rows.map((row, index) => {
      const id = insertRow(db, { stage_done: STAGES.insert.number, ...toInsertValues(row.values), set_id: input.setId, run_id: input.runId });
      const name = allocate(row.name, id, input.runId);
      db.prepare('UPDATE review_queue SET File_Name = ? WHERE id = ?').run(name, id);
      const inserted = { id, File_Name: name };
      input.onRowInserted?.(index, inserted);
      return inserted;
    });
  });
}

/** The error a row failed with (SPEC §3: code, message, stage number 1–8). */
export interface RowErrorInput {
  readonly code: ErrorCode;
  readonly message: string;
  readonly stage: number;
}

/** Input of {@link insertErrorRow}. */
export interface InsertErrorRowInput {
  readonly setId: number | null;
  readonly runId: string | null;
  /** What is known about the file: at least `Original_File_Name` and `source_path`. */
  readonly values: ReviewRowValues;
  readonly error: RowErrorInput;
}

/**
 * Records a file that failed before it could be named (unreadable, zero-byte, not an image…) as a
 * row in `Error` with no `File_Name` and no reservation, so it shows in the queue, `status` and triage.
 */
export function insertErrorRow(db: SqliteDatabase, input: InsertErrorRowInput): { id: number } {
  return runImmediate(db, () => {
    const id = insertRow(db, {
      stage_done: Math.max(0, input.error.stage - 1),
      ...toInsertValues(input.values),
      set_id: input.setId,
      run_id: input.runId,
      Review_Status: 'Error',
      error_code: input.error.code,
      error_message: input.error.message,
      error_stage: input.error.stage,
    });
    recordRowEvent(db, { rowId: id, kind: 'error', field: 'error_code', newValue: input.error.code, actor: { kind: 'pipeline', ...(input.runId ? { runId: input.runId } : {}) } });
    return { id };
  });
}
