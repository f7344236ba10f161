import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProofsheetError, toProofsheetError } from '@proofsheet/core';
import type { Logger } from '@proofsheet/log';
import {
  PUBLISH_STEPS, beginPublishStep, completePublishStep, finishPublishJob, getOpenPublishJob, requireRow, type PublishJob, type PublishStep, type ReviewRow, type SqliteDatabase,
} from '@proofsheet/queue';
import type { CatalogIdentity, PublishDestination } from '../destination/destination.js';
import type { MetadataWriter } from '../metadata/exif-writer.js';
import { assertTextWithinLimits, toPublishText } from '../metadata/publish-text.js';
import { toCatalogValues } from './catalog-values.js';
import type { RenderPublishImages, RenderedImage } from './ports.js';
import { toSiteLayout, type SiteLayout } from './site-layout.js';

/** Everything one job needs. */
export interface JobContext {
  readonly db: SqliteDatabase;
  readonly destination: PublishDestination;
  readonly renderImages: RenderPublishImages;
  readonly metadata: MetadataWriter;
  /** Where prepared files are kept until published (`data/publish/`). */
  readonly workDir: string;
  readonly publicUrlBase: string;
  readonly jpegQuality: number;
  readonly stripGps: boolean;
  readonly watermark: string | null;
  readonly copyright: string | null;
  readonly runId: string | null;
  readonly now: () => Date;
  readonly log: Logger;
  /** Told the size of every file uploaded (progress in MB/s). */
  readonly onUploaded?: (bytes: number) => void;
}

/** What prepare recorded in the job's payload. */
interface Prepared {
  readonly web: RenderedImage;
  readonly thumb: RenderedImage;
  readonly layout: SiteLayout;
  readonly text_read_at: string;
}

/** Whether `entry` is another photo than `row` (different content hash, else different original name). */
export function isDifferentPhoto(entry: CatalogIdentity, row: Pick<ReviewRow, 'content_sha256' | 'Original_File_Name'>): boolean {
  if (entry.content_sha256 && row.content_sha256) return entry.content_sha256 !== row.content_sha256;
  if (entry.Original_File_Name && row.Original_File_Name) return entry.Original_File_Name !== row.Original_File_Name;
  return false;
}

/** `PUBLISH_NAME_TAKEN` with the command that resolves it. */
export function toNameTakenError(row: ReviewRow, entry: CatalogIdentity, target: string): ProofsheetError {
  const fix = `proofsheet publish --row ${row.id} --new-name`;
  return new ProofsheetError(
    'PUBLISH_NAME_TAKEN',
    `${row.File_Name ?? ''} is already on the website (${target}, id ${entry.id}) for another photo (${entry.Original_File_Name ?? 'unknown original'}); nothing was overwritten. To give this row the next free name and publish it: ${fix}`,
    { details: { row_id: row.id, File_Name: row.File_Name, catalog_id: entry.id, fix } },
  );
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

/** Step 1: images from the original, then the reviewed text written into both (XMP + IPTC). */
async function prepare(ctx: JobContext, row: ReviewRow): Promise<Prepared> {
  const fileName = row.File_Name as string;
  const text = toPublishText(row, ctx.copyright);
  assertTextWithinLimits(text, fileName);
  const source = row.incoming_path;
  if (!source || !(await exists(source))) {
    throw new ProofsheetError('SOURCE_MISSING', `${fileName}: the original ${source ?? '(none recorded)'} is gone; restore it, then publish again`, { details: { row_id: row.id, file: source } });
  }
  const dir = path.join(ctx.workDir, String(row.id));
  await mkdir(dir, { recursive: true });
  const textReadAt = new Date().toISOString();
  const images = await ctx.renderImages({ source, webFile: path.join(dir, 'web.jpg'), thumbFile: path.join(dir, 'thumb.jpg'), quality: ctx.jpegQuality, watermark: ctx.watermark });
  for (const image of [images.web, images.thumb]) await ctx.metadata.write(image.file, text, { stripGps: ctx.stripGps });
  const layout = toSiteLayout({ fileName, category: row.Folder, dateTime: row.DateTime, publicUrlBase: ctx.publicUrlBase, fallbackYear: ctx.now().getFullYear() });
  return { web: images.web, thumb: images.thumb, layout, text_read_at: textReadAt };
}

/**
 * Step 2: the destination's catalog must not hold this name for another photo. Returns the id of
 * the entry it holds for this photo (null: none), journaled so a failed upload knows whether the
 * files under this name belong to a live catalog entry (never removed) or only to this job.
 */
async function guard(ctx: JobContext, row: ReviewRow): Promise<number | null> {
  const entry = await ctx.destination.catalog.find(row.File_Name as string);
  if (entry !== null && isDifferentPhoto(entry, row)) throw toNameTakenError(row, entry, ctx.destination.catalog.target);
  return entry?.id ?? null;
}

/** Journal payload key: files a failed job put on the destination and could not remove (site-relative). */
const LEFTOVER_FILES = 'leftover_files';

const toLeftovers = (payload: Readonly<Record<string, unknown>>): string[] => (Array.isArray(payload[LEFTOVER_FILES]) ? (payload[LEFTOVER_FILES] as string[]) : []);

/** Removes `files` from the destination (best effort); returns those still there, each logged with its cause. */
async function removeFiles(ctx: JobContext, files: readonly string[], log: Logger): Promise<string[]> {
  const left: string[] = [];
  for (const file of files) {
    try {
      await ctx.destination.files.remove(file);
    } catch (error) {
      left.push(file);
      const failure = toProofsheetError(error);
      log.warn({ file, error_code: failure.code, err: failure }, 'uploaded file of an unfinished publish could not be removed; the next publish of this row removes it');
    }
  }
  return left;
}

/**
 * An upload step failed (a 552 on the thumbnail after the web image was renamed into place, the
 * server gone after retries): the row is not published, so nothing it put on the destination may
 * stay there. Files under a name the catalog already holds for this photo (a re-publish, a pulled
 * catalog) are the live site's and stay. Whatever cannot be removed is journaled as
 * `leftover_files` (removed by the next publish, reported by `verify`), and the job is rewound to
 * `guarded` so the next publish uploads both files again.
 */
async function withdrawUploads(ctx: JobContext, job: PublishJob, row: ReviewRow, prepared: Prepared | null, log: Logger): Promise<void> {
  const journaled = (getOpenPublishJob(ctx.db, job.row_id)?.payload.guard as { catalog_id?: number | null } | undefined) ?? null;
  if (prepared === null || row.Review_Status === 'Published' || journaled === null || journaled.catalog_id !== null) return;
  const left = await removeFiles(ctx, [prepared.layout.webPath, prepared.layout.thumbPath], log);
  completePublishStep(ctx.db, job.id, 'guarded', { payload: { [LEFTOVER_FILES]: left } });
  log.info({ removed: 2 - left.length, left: left.length }, 'uploads of an unfinished publish withdrawn');
}

/**
 * Runs `job` from the step after its journaled `step` to the end. Each step is journaled before
 * (`current_step`) and after (`step`), and logged to publish.log; every step is idempotent, so a
 * job cut off anywhere continues here. Prepared files that vanished since are made again.
 */
export async function runPublishJob(ctx: JobContext, job: PublishJob): Promise<{ catalogId: number }> {
  const log = ctx.log.child({ File_Name: job.File_Name, row_id: job.row_id, job_id: job.id });
  let prepared = (job.payload.prepared as Prepared | undefined) ?? null;
  let catalogId = job.catalog_id;
  let from = PUBLISH_STEPS.indexOf(job.step) + 1;
  if (from > 1 && (prepared === null || !(await exists(prepared.web.file)) || !(await exists(prepared.thumb.file)))) from = 1;
  const leftovers = toLeftovers(job.payload);
  if (leftovers.length > 0) completePublishStep(ctx.db, job.id, job.step, { payload: { [LEFTOVER_FILES]: await removeFiles(ctx, leftovers, log) } });
  for (const step of PUBLISH_STEPS.slice(from)) {
    const row = requireRow(ctx.db, job.row_id);
    beginPublishStep(ctx.db, job.id, step);
    log.info({ step }, 'publish step started');
    const started = performance.now();
    let update: StepUpdate;
    try {
      update = await runStep(ctx, step, row, prepared, catalogId, job);
    } catch (error) {
      if (step === 'web_uploaded' || step === 'thumb_uploaded') await withdrawUploads(ctx, job, row, prepared, log).catch((cleanup: unknown) => log.warn({ err: cleanup }, 'uploads of an unfinished publish not withdrawn'));
      throw error;
    }
    if (update.prepared) prepared = update.prepared;
    if (update.catalogId !== undefined) catalogId = update.catalogId;
    const payload = { ...update.payload, ...(update.prepared ? { prepared } : {}) };
    if (step !== 'mirrored') completePublishStep(ctx.db, job.id, step, { ...(Object.keys(payload).length > 0 ? { payload } : {}), ...(update.catalogId !== undefined ? { catalogId: update.catalogId } : {}) });
    log.info({ step, duration_ms: Math.round(performance.now() - started) }, 'publish step finished');
  }
  if (catalogId === null) throw new ProofsheetError('INTERNAL', `publish job ${job.id} finished without a catalog id`);
  return { catalogId };
}

type StepUpdate = { prepared?: Prepared; catalogId?: number; payload?: Record<string, unknown> };

async function runStep(ctx: JobContext, step: PublishStep, row: ReviewRow, prepared: Prepared | null, catalogId: number | null, job: PublishJob): Promise<StepUpdate> {
  if (step === 'prepared') return { prepared: await prepare(ctx, row) };
  if (step === 'guarded') return { payload: { guard: { catalog_id: await guard(ctx, row) } } };
  const p = prepared as Prepared;
  if (step === 'web_uploaded' || step === 'thumb_uploaded') {
    const file = step === 'web_uploaded' ? p.web.file : p.thumb.file;
    await ctx.destination.files.put(file, step === 'web_uploaded' ? p.layout.webPath : p.layout.thumbPath);
    ctx.onUploaded?.((await stat(file)).size);
  }
  if (step === 'cataloged') return { catalogId: await ctx.destination.catalog.upsert(toCatalogValues(row, p.layout, p.web)) };
  if (step === 'mirrored') {
    if (catalogId === null) throw new ProofsheetError('INTERNAL', `publish job ${job.id} reached the mirror step without a catalog id`);
    finishPublishJob(ctx.db, job.id, { entry: { ...toCatalogValues(row, p.layout, p.web), id: catalogId }, textReadAt: p.text_read_at, runId: ctx.runId });
    // Written at once after the commit (file sinks write synchronously), with nothing awaited in
    // between: a publish killed right after marking the row Published still has its line.
    ctx.log.info({ File_Name: row.File_Name, row_id: row.id, catalog_id: catalogId, outcome: 'published' }, 'row published');
  }
  return {};
}
