import { ProofsheetError, type ReviewStatus } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import type { ReviewRow } from '../schema/review-columns.js';

/** The row with `id`, or null. */
export function getRow(db: SqliteDatabase, id: number): ReviewRow | null {
  return (db.prepare('SELECT * FROM review_queue WHERE id = ?').get(id) as ReviewRow | undefined) ?? null;
}

/** The row with `id`; throws `ROW_NOT_FOUND`. */
export function requireRow(db: SqliteDatabase, id: number): ReviewRow {
  const row = getRow(db, id);
  if (!row) throw new ProofsheetError('ROW_NOT_FOUND', `no row with id ${id}`, { details: { row_id: id } });
  return row;
}

/** Filters of {@link listRows}; all optional, combined with AND. */
export interface RowFilter {
  readonly status?: ReviewStatus | string;
  readonly runId?: string;
  readonly setId?: number;
  readonly errorCode?: string;
  readonly limit?: number;
  /** Rows to skip (paging; only with `limit`). */
  readonly offset?: number;
}

/** Rows matching `filter`, by id. */
export function listRows(db: SqliteDatabase, filter: RowFilter = {}): ReviewRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  if (filter.status !== undefined) add('Review_Status = ?', filter.status);
  if (filter.runId !== undefined) add('run_id = ?', filter.runId);
  if (filter.setId !== undefined) add('set_id = ?', filter.setId);
  if (filter.errorCode !== undefined) add('error_code = ?', filter.errorCode);
  const sql = `SELECT * FROM review_queue${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id${filter.limit ? ` LIMIT ${Math.floor(filter.limit)} OFFSET ${Math.floor(filter.offset ?? 0)}` : ''}`;
  return db.prepare(sql).all(...params) as ReviewRow[];
}

/** Row counts: the total and per `Review_Status` and per `QC_Status` (only values present). */
export interface RowCounts {
  readonly total: number;
  readonly reviewStatus: Record<string, number>;
  readonly qcStatus: Record<string, number>;
}

/** Counts rows by `Review_Status` and `QC_Status`. */
export function countRows(db: SqliteDatabase): RowCounts {
  const group = (column: 'Review_Status' | 'QC_Status'): Record<string, number> =>
    Object.fromEntries((db.prepare(`SELECT ${column} AS k, count(*) AS n FROM review_queue GROUP BY ${column} ORDER BY ${column}`).all() as Array<{ k: string; n: number }>).map((r) => [r.k, r.n]));
  const total = db.prepare('SELECT count(*) FROM review_queue').pluck().get() as number;
  return { total, reviewStatus: group('Review_Status'), qcStatus: group('QC_Status') };
}
