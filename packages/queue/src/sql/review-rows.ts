import type { SqliteDatabase } from '../db/sqlite.js';

/** Sort orders of the review list: a key, descending with a leading `-` (ties by id). */
export const REVIEW_SORTS = ['id', '-id', 'qr', '-qr', 'date', '-date', 'name', '-name'] as const;

/** One of {@link REVIEW_SORTS}. */
export type ReviewSort = (typeof REVIEW_SORTS)[number];

/** Filters of the review list, combined with AND; `text` is a full-text search (FTS5). */
export interface ReviewRowQuery {
  readonly status?: string;
  readonly qc?: string;
  readonly setId?: number;
  readonly runId?: string;
  /** Words searched (as prefixes, diacritics folded) in file name, caption, alt text, keywords, subject and location. */
  readonly text?: string;
  readonly sort?: ReviewSort;
}

/** What the review list shows of a row (the grid's fields, not the whole row). */
export interface ReviewListRow {
  readonly id: number;
  readonly File_Name: string | null;
  readonly Original_File_Name: string | null;
  readonly Review_Status: string;
  readonly QC_Status: string;
  readonly QR: number | null;
  readonly DateTime: string | null;
  readonly Caption: string | null;
  readonly alt_text: string | null;
  readonly Keywords: string | null;
  readonly Subject: string | null;
  readonly Location: string | null;
  readonly Folder: string | null;
  readonly set_id: number | null;
  readonly run_id: string | null;
  readonly error_code: string | null;
  readonly updated_at: string;
  readonly version: number;
}

/** The ids before and after a row in a filtered, sorted list (null at either end). */
export interface RowNeighbours {
  readonly previous: number | null;
  readonly next: number | null;
}

const LIST_COLUMNS =
  'q.id, q.File_Name, q.Original_File_Name, q.Review_Status, q.QC_Status, q.QR, q.DateTime, q.Caption, q.alt_text, q.Keywords, q.Subject, q.Location, q.Folder, q.set_id, q.run_id, q.error_code, q.updated_at';

// Sort keys match the expression indexes of migration 0006; NULLs sort as the lowest value.
const SORT_KEYS = { id: 'q.id', qr: 'coalesce(q.QR, -1)', date: "coalesce(q.DateTime, '')", name: "coalesce(q.File_Name, '')" } as const;

function toSortKey(sort: ReviewSort = 'id'): { key: string; descending: boolean } {
  const descending = sort.startsWith('-');
  return { key: SORT_KEYS[(descending ? sort.slice(1) : sort) as keyof typeof SORT_KEYS], descending };
}

/**
 * The FTS5 query for free text typed by a person: each word (letters and digits) as a quoted
 * prefix, all required. Quoting makes every word a plain term, so no FTS syntax can be injected.
 * Null when the text holds no word.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu)?.slice(0, 16) ?? [];
  return words.length === 0 ? null : words.map((word) => `"${word}"*`).join(' ');
}

function toWhere(query: ReviewRowQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown): void => {
    where.push(clause);
    params.push(value);
  };
  if (query.status !== undefined) add('q.Review_Status = ?', query.status);
  if (query.qc !== undefined) add('q.QC_Status = ?', query.qc);
  if (query.setId !== undefined) add('q.set_id = ?', query.setId);
  if (query.runId !== undefined) add('q.run_id = ?', query.runId);
  if (query.text !== undefined) {
    const match = toFtsQuery(query.text);
    if (match === null) where.push('0');
    else add('q.id IN (SELECT rowid FROM review_queue_fts WHERE review_queue_fts MATCH ?)', match);
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** How many rows match; a search alone is counted in the FTS index itself (several times faster than through the table). */
function countMatching(db: SqliteDatabase, query: ReviewRowQuery, where: { sql: string; params: unknown[] }): number {
  const match = query.text === undefined ? null : toFtsQuery(query.text);
  const textOnly = match !== null && query.status === undefined && query.qc === undefined && query.setId === undefined && query.runId === undefined;
  if (textOnly) return db.prepare('SELECT count(*) FROM review_queue_fts WHERE review_queue_fts MATCH ?').pluck().get(match) as number;
  return db.prepare(`SELECT count(*) FROM review_queue q ${where.sql}`).pluck().get(...where.params) as number;
}

/**
 * How many rows match `query` (its status aside) in each review status, in one grouped count: the
 * queue page's counts per status. Statuses with no row are absent.
 */
export function countReviewRowsByStatus(db: SqliteDatabase, query: Omit<ReviewRowQuery, 'status' | 'sort'>): Record<string, number> {
  const where = toWhere(query);
  const rows = db.prepare(`SELECT q.Review_Status AS status, count(*) AS n FROM review_queue q ${where.sql} GROUP BY q.Review_Status`).all(...where.params) as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/**
 * One page of the review list: rows matching `query` in its sort order, `limit` rows after
 * skipping `offset`, with the total count of matching rows and each row's version.
 */
export function listReviewRows(db: SqliteDatabase, query: ReviewRowQuery, page: { readonly offset: number; readonly limit: number }): { total: number; rows: ReviewListRow[] } {
  const where = toWhere(query);
  const { key, descending } = toSortKey(query.sort);
  const direction = descending ? 'DESC' : 'ASC';
  const total = countMatching(db, query, where);
  const rows = db
    .prepare(
      `SELECT ${LIST_COLUMNS}, coalesce((SELECT version FROM review_row_versions v WHERE v.row_id = q.id), 0) AS version
       FROM review_queue q ${where.sql} ORDER BY ${key} ${direction}, q.id ${direction} LIMIT ? OFFSET ?`,
    )
    .all(...where.params, Math.floor(page.limit), Math.floor(page.offset)) as ReviewListRow[];
  return { total, rows };
}

/**
 * The rows just before and just after row `id` in the list `query` describes (keyset lookups on the
 * sort indexes, so it stays fast deep into a large queue). The row itself need not match the filter.
 */
export function findRowNeighbours(db: SqliteDatabase, id: number, query: ReviewRowQuery): RowNeighbours {
  const { key, descending } = toSortKey(query.sort);
  const current = db.prepare(`SELECT ${key} FROM review_queue q WHERE q.id = ?`).pluck().get(id);
  if (current === undefined) return { previous: null, next: null };
  const where = toWhere(query);
  const step = (after: boolean): number | null => {
    const greater = after !== descending;
    const clause = `(${key}, q.id) ${greater ? '>' : '<'} (?, ?)`;
    const direction = greater ? 'ASC' : 'DESC';
    const sql = `SELECT q.id FROM review_queue q ${where.sql ? `${where.sql} AND ${clause}` : `WHERE ${clause}`} ORDER BY ${key} ${direction}, q.id ${direction} LIMIT 1`;
    return (db.prepare(sql).pluck().get(...where.params, current, id) as number | undefined) ?? null;
  };
  return { previous: step(false), next: step(true) };
}

/** The version of row `id` (0 until its first change); every update of the row, by any writer, bumps it. */
export function readRowVersion(db: SqliteDatabase, id: number): number {
  return (db.prepare('SELECT version FROM review_row_versions WHERE row_id = ?').pluck().get(id) as number | undefined) ?? 0;
}
