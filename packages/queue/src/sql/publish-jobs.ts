import { ProofsheetError } from '@proofsheet/core';
import type { SqliteDatabase } from '../db/sqlite.js';
import { runImmediate } from '../db/transaction.js';
import { nowIso } from '../internal/time.js';
import type { ReviewRow } from '../schema/review-columns.js';
import { requireRow } from './read-rows.js';
import { transitionRow } from './transition-row.js';
import { upsertCatalogEntries, type CatalogEntry } from './catalog-mirror.js';

/** The steps of one publish job, in order (SPEC §11); `step` records the last one finished. */
export const PUBLISH_STEPS = ['planned', 'prepared', 'guarded', 'web_uploaded', 'thumb_uploaded', 'cataloged', 'mirrored'] as const;

/** A publish step. */
export type PublishStep = (typeof PUBLISH_STEPS)[number];

/** Job status: open jobs are `pending`, `running` or `failed`; `done` and `cancelled` are history. */
export type PublishJobStatus = 'pending' | 'running' | 'failed' | 'done' | 'cancelled';

/** One `publish_jobs` row, its payload parsed. */
export interface PublishJob {
  readonly id: number;
  readonly row_id: number;
  readonly run_id: string | null;
  readonly File_Name: string;
  readonly destination: string;
  readonly step: PublishStep;
  readonly current_step: PublishStep | null;
  readonly status: PublishJobStatus;
  readonly attempts: number;
  readonly last_error_code: string | null;
  readonly last_error_message: string | null;
  readonly catalog_id: number | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly created_at: string;
  readonly updated_at: string;
}

/** Why a row is a publish candidate. */
export type PublishReason = 'approved' | 'republish' | 'resume';

/** A row to publish and why. */
export interface PublishCandidate {
  readonly row: ReviewRow;
  readonly reason: PublishReason;
}

const OPEN = "('pending', 'running', 'failed')";

function toJob(raw: Record<string, unknown> | undefined): PublishJob | null {
  if (!raw) return null;
  return { ...(raw as unknown as PublishJob), payload: raw.payload_json ? (JSON.parse(String(raw.payload_json)) as Record<string, unknown>) : {} };
}

/** The open job of `rowId`, or null. */
export function getOpenPublishJob(db: SqliteDatabase, rowId: number): PublishJob | null {
  return toJob(db.prepare(`SELECT * FROM publish_jobs WHERE row_id = ? AND status IN ${OPEN}`).get(rowId) as Record<string, unknown> | undefined);
}

/** Every job of `rowId`, oldest first. */
export function listPublishJobs(db: SqliteDatabase, rowId?: number): PublishJob[] {
  const rows = (rowId === undefined ? db.prepare('SELECT * FROM publish_jobs ORDER BY id').all() : db.prepare('SELECT * FROM publish_jobs WHERE row_id = ? ORDER BY id').all(rowId)) as Record<string, unknown>[];
  return rows.map((r) => toJob(r) as PublishJob);
}

/**
 * The rows `publish` works on, by id: `Approved` rows, `Published` rows marked for re-publish
 * (an edit of caption, alt text, keywords, subject or location) and rows with an open job.
 * With `rowIds`, only those (an id that is none of these is left out: the caller reports it).
 */
export function listPublishCandidates(db: SqliteDatabase, rowIds?: readonly number[]): PublishCandidate[] {
  const rows = db
    .prepare(
      `SELECT q.*, m.row_id AS _marked, j.id AS _job FROM review_queue q
       LEFT JOIN republish_marks m ON m.row_id = q.id
       LEFT JOIN publish_jobs j ON j.row_id = q.id AND j.status IN ${OPEN}
       WHERE (q.Review_Status = 'Approved' OR (q.Review_Status = 'Published' AND (m.row_id IS NOT NULL OR j.id IS NOT NULL)))
       ORDER BY q.id`,
    )
    .all() as Array<ReviewRow & { _marked: number | null; _job: number | null }>;
  const wanted = rowIds === undefined ? null : new Set(rowIds);
  return rows
    .filter((r) => wanted === null || wanted.has(r.id))
    .map(({ _marked, _job, ...row }) => ({ row: row as ReviewRow, reason: _job !== null ? 'resume' : _marked !== null ? 'republish' : 'approved' }));
}

/** What a new job records. */
export interface OpenPublishJobInput {
  readonly rowId: number;
  readonly runId: string | null;
  readonly destination: string;
}

/**
 * The open job of the row when it is for the same `File_Name` and destination (publish continues
 * it at its journaled step), else a new job at `planned` (an open job for another name or
 * destination is cancelled first: its files were never put under this row's final name).
 */
export function openPublishJob(db: SqliteDatabase, input: OpenPublishJobInput): PublishJob {
  return runImmediate(db, () => {
    const row = requireRow(db, input.rowId);
    if (!row.File_Name) throw new ProofsheetError('INTERNAL', `row ${input.rowId} has no File_Name to publish`);
    const open = getOpenPublishJob(db, input.rowId);
    const now = nowIso();
    if (open && open.File_Name === row.File_Name && open.destination === input.destination) {
      db.prepare('UPDATE publish_jobs SET run_id = ?, updated_at = ? WHERE id = ?').run(input.runId, now, open.id);
      return { ...open, run_id: input.runId };
    }
    if (open) db.prepare("UPDATE publish_jobs SET status = 'cancelled', updated_at = ?, finished_at = ? WHERE id = ?").run(now, now, open.id);
    const id = db
      .prepare("INSERT INTO publish_jobs (row_id, run_id, File_Name, destination, step, status, payload_json, created_at, updated_at) VALUES (?, ?, ?, ?, 'planned', 'pending', '{}', ?, ?)")
      .run(input.rowId, input.runId, row.File_Name, input.destination, now, now).lastInsertRowid;
    return toJob(db.prepare('SELECT * FROM publish_jobs WHERE id = ?').get(id) as Record<string, unknown>) as PublishJob;
  });
}

/** Journals that `step` begins (before any of its work): status `running`, `current_step`. */
export function beginPublishStep(db: SqliteDatabase, jobId: number, step: PublishStep): void {
  db.prepare(
    "UPDATE publish_jobs SET attempts = attempts + (CASE WHEN status = 'running' THEN 0 ELSE 1 END), status = 'running', current_step = ?, updated_at = ? WHERE id = ?",
  ).run(step, nowIso(), jobId);
}

/** Journals that `step` finished, merging `payload` into the job's payload (and its catalog id). */
export function completePublishStep(db: SqliteDatabase, jobId: number, step: PublishStep, update: { payload?: Readonly<Record<string, unknown>>; catalogId?: number } = {}): void {
  runImmediate(db, () => {
    const job = toJob(db.prepare('SELECT * FROM publish_jobs WHERE id = ?').get(jobId) as Record<string, unknown> | undefined);
    if (!job) throw new ProofsheetError('INTERNAL', `no publish job ${jobId}`);
    const payload = JSON.stringify({ ...job.payload, ...update.payload });
    db.prepare('UPDATE publish_jobs SET step = ?, current_step = NULL, payload_json = ?, catalog_id = coalesce(?, catalog_id), updated_at = ? WHERE id = ?').run(
      step, payload, update.catalogId ?? null, nowIso(), jobId,
    );
  });
}

/** Marks the job failed with its code (it stays open: the next publish continues it). */
export function failPublishJob(db: SqliteDatabase, jobId: number, code: string, message: string): void {
  db.prepare("UPDATE publish_jobs SET status = 'failed', last_error_code = ?, last_error_message = ?, updated_at = ? WHERE id = ?").run(code, message, nowIso(), jobId);
}

/**
 * The last step, in one transaction: the catalog entry (with the website's id) into the local
 * mirror, the row `Approved → Published` (its reservation committed), the re-publish mark cleared
 * when no edit came after `textReadAt`, the job `done`. Idempotent: a re-published row stays Published.
 */
export function finishPublishJob(db: SqliteDatabase, jobId: number, input: { entry: CatalogEntry; textReadAt: string; runId: string | null }): void {
  runImmediate(db, () => {
    const job = toJob(db.prepare('SELECT * FROM publish_jobs WHERE id = ?').get(jobId) as Record<string, unknown> | undefined);
    if (!job) throw new ProofsheetError('INTERNAL', `no publish job ${jobId}`);
    upsertCatalogEntries(db, [input.entry]);
    const row = requireRow(db, job.row_id);
    if (row.Review_Status === 'Approved') transitionRow(db, job.row_id, 'Published', { kind: 'publisher', ...(input.runId ? { runId: input.runId } : {}) });
    db.prepare('DELETE FROM republish_marks WHERE row_id = ? AND marked_at <= ?').run(job.row_id, input.textReadAt);
    const now = nowIso();
    db.prepare("UPDATE publish_jobs SET step = 'mirrored', current_step = NULL, status = 'done', catalog_id = ?, last_error_code = NULL, last_error_message = NULL, updated_at = ?, finished_at = ? WHERE id = ?").run(
      input.entry.id, now, now, jobId,
    );
  });
}

/** The catalog id of the row's last finished job (a re-publish updates that entry in place), or null. */
export function getPublishedCatalogId(db: SqliteDatabase, rowId: number): number | null {
  return (db.prepare("SELECT catalog_id FROM publish_jobs WHERE row_id = ? AND status = 'done' ORDER BY id DESC LIMIT 1").pluck().get(rowId) as number | null | undefined) ?? null;
}
