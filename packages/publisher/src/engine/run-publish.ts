import { access } from 'node:fs/promises';
import { toProofsheetError, type ProofsheetError } from '@proofsheet/core';
import { failPublishJob, getRow, listPublishCandidates, openPublishJob, type PublishCandidate, type ReviewRow } from '@proofsheet/queue';
import { toPublishText, assertTextWithinLimits } from '../metadata/publish-text.js';
import { isDifferentPhoto, runPublishJob, toNameTakenError, type JobContext } from './publish-job.js';

/** How one row ended. Under `--dry-run`: `would_publish` / `would_fail`. */
export type PublishRowStatus = 'published' | 'failed' | 'skipped' | 'not_run' | 'would_publish' | 'would_fail';

/** One row of the summary (SPEC §13 `publish --json` rows). */
export interface PublishRowResult {
  readonly id: number;
  readonly File_Name: string | null;
  readonly status: PublishRowStatus;
  readonly error_code: string | null;
  readonly error_message: string | null;
  /** `approved`, `republish` or `resume` (why it was picked), or why it was skipped. */
  readonly reason: string;
  readonly catalog_id: number | null;
}

/** The outcome of a publish. */
export interface PublishSummary {
  readonly dry_run: boolean;
  readonly published: number;
  readonly failed: number;
  readonly skipped: number;
  readonly rows: PublishRowResult[];
  /** The operational failure that stopped the publish (rows not started are `not_run`), or null. */
  readonly halted: ProofsheetError | null;
}

/** Options of {@link runPublish}. */
export interface RunPublishOptions extends JobContext {
  /** Only these rows (`--row`); an id that is not publishable is reported as skipped. */
  readonly rowIds?: readonly number[];
  /** Rows published at once (default 2). */
  readonly concurrency?: number;
  readonly dryRun?: boolean;
  /** Called after each row with counts (progress bars). */
  /** After each row: rows done of all, and bytes uploaded so far. */
  readonly onProgress?: (progress: { done: number; total: number; bytes: number }) => void;
  /**
   * Each row's result as soon as it is known: `skipped` rows first, then every row as it finishes
   * (live), then the `not_run` rows of a halted publish. The summary lists the same rows.
   */
  readonly onRow?: (row: PublishRowResult) => void;
}

function toSkipped(db: JobContext['db'], ids: readonly number[], candidates: readonly PublishCandidate[]): PublishRowResult[] {
  const picked = new Set(candidates.map((c) => c.row.id));
  return ids
    .filter((id) => !picked.has(id))
    .map((id) => {
      const row = getRow(db, id);
      const reason = row === null ? 'no such row' : `row is ${row.Review_Status}${row.Review_Status === 'Published' ? ' and unchanged since it was published' : ', not Approved'}`;
      return { id, File_Name: row?.File_Name ?? null, status: 'skipped', error_code: null, error_message: null, reason, catalog_id: null };
    });
}

function summarise(rows: PublishRowResult[], dryRun: boolean, halted: ProofsheetError | null): PublishSummary {
  const count = (...statuses: PublishRowStatus[]) => rows.filter((r) => statuses.includes(r.status)).length;
  return { dry_run: dryRun, published: count('published', 'would_publish'), failed: count('failed', 'would_fail'), skipped: count('skipped'), rows, halted };
}

/** Checks one row without writing anything (dry run): text limits, original present, catalog name. */
async function planRow(ctx: JobContext, candidate: PublishCandidate): Promise<PublishRowResult> {
  const row = candidate.row;
  const base = { id: row.id, File_Name: row.File_Name, reason: candidate.reason, catalog_id: null };
  try {
    assertTextWithinLimits(toPublishText(row, ctx.copyright), row.File_Name ?? '');
    if (!row.incoming_path || !(await access(row.incoming_path).then(() => true, () => false))) {
      return { ...base, status: 'would_fail', error_code: 'SOURCE_MISSING', error_message: `the original ${row.incoming_path ?? '(none recorded)'} is gone` };
    }
    const entry = await ctx.destination.catalog.find(row.File_Name ?? '');
    if (entry !== null && isDifferentPhoto(entry, row)) throw toNameTakenError(row, entry, ctx.destination.catalog.target);
    return { ...base, status: 'would_publish', error_code: null, error_message: null };
  } catch (error) {
    const failure = toProofsheetError(error);
    if (failure.kind !== 'row') throw failure;
    return { ...base, status: 'would_fail', error_code: failure.code, error_message: failure.message };
  }
}

async function publishRow(ctx: RunPublishOptions, candidate: PublishCandidate): Promise<PublishRowResult> {
  const row: ReviewRow = candidate.row;
  const base = { id: row.id, File_Name: row.File_Name, reason: candidate.reason };
  const job = openPublishJob(ctx.db, { rowId: row.id, runId: ctx.runId, destination: ctx.destination.name });
  try {
    // runPublishJob writes the "row published" line itself, right after the commit.
    const { catalogId } = await runPublishJob(ctx, job);
    return { ...base, status: 'published', error_code: null, error_message: null, catalog_id: catalogId };
  } catch (error) {
    const failure = toProofsheetError(error);
    failPublishJob(ctx.db, job.id, failure.code, failure.message);
    ctx.log.error({ File_Name: row.File_Name, row_id: row.id, error_code: failure.code, err: failure, outcome: 'failed' }, 'row publish failed');
    if (failure.kind !== 'row') throw Object.assign(failure, { rowResult: { ...base, status: 'failed', error_code: failure.code, error_message: failure.message, catalog_id: null } });
    return { ...base, status: 'failed', error_code: failure.code, error_message: failure.message, catalog_id: null };
  }
}

/**
 * Publishes the candidate rows (`Approved`, marked for re-publish, or with an open journal entry)
 * with bounded concurrency. A row failure (name taken, text too long, original missing) fails that
 * row and the others go on; an operational failure (server down after retries, disk full, a bug)
 * stops new rows from starting, lets the started ones finish, and is returned as `halted`:
 * the journal lets the next `publish` continue every row where it stopped.
 */
export async function runPublish(options: RunPublishOptions): Promise<PublishSummary> {
  const candidates = listPublishCandidates(options.db, options.rowIds);
  const skipped = options.rowIds ? toSkipped(options.db, options.rowIds, candidates) : [];
  for (const row of skipped) options.onRow?.(row);
  const total = candidates.length;
  const results = new Map<number, PublishRowResult>();
  let halted: ProofsheetError | null = null;
  let next = 0;
  let bytes = 0;
  const ctx: JobContext = { ...options, onUploaded: (n) => void (bytes += n) };
  const worker = async () => {
    while (halted === null && next < candidates.length) {
      const candidate = candidates[next++] as PublishCandidate;
      try {
        results.set(candidate.row.id, options.dryRun ? await planRow(ctx, candidate) : await publishRow({ ...options, onUploaded: ctx.onUploaded ?? (() => undefined) }, candidate));
      } catch (error) {
        const failure = toProofsheetError(error);
        halted ??= failure;
        const rowResult = (error as { rowResult?: PublishRowResult }).rowResult;
        results.set(candidate.row.id, rowResult ?? { id: candidate.row.id, File_Name: candidate.row.File_Name, status: 'failed', error_code: failure.code, error_message: failure.message, reason: candidate.reason, catalog_id: null });
      }
      options.onRow?.(results.get(candidate.row.id) as PublishRowResult);
      options.onProgress?.({ done: results.size, total, bytes });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, total)) }, worker));
  const rows = candidates.map((c) => {
    const done = results.get(c.row.id);
    if (done !== undefined) return done;
    const notRun: PublishRowResult = { id: c.row.id, File_Name: c.row.File_Name, status: 'not_run', error_code: null, error_message: null, reason: c.reason, catalog_id: null };
    options.onRow?.(notRun);
    return notRun;
  });
  return summarise([...rows, ...skipped], options.dryRun ?? false, halted);
}
