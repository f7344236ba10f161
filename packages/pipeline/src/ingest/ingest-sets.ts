import { rmdir } from 'node:fs/promises';
import { toStageHeader, type ProjectPaths, type StageName } from '@proofsheet/core';
import {
  nameStagedFile,
  removeStaleTemps,
  stageFile,
  toSetIncomingDir,
  type DuplicateRef,
  type FailedFile,
  type NamedFile,
  type NamingOptions,
  type ProbeImage,
  type StageFileOutcome,
  type StagedFile,
} from '@proofsheet/ingest';
import type { RunLogger } from '@proofsheet/log';
import { insertErrorRow, insertSetRows, runImmediate, updateSetStatus, type SqliteDatabase } from '@proofsheet/queue';
import { probeImage } from '@proofsheet/stages';
import { createDuplicateIndex, type DuplicateIndex } from './duplicate-index.js';
import { toErrorRowValues, toSetRowInput } from './ingest-rows.js';
import type { ValidatedSet } from './validate-sets.js';

/** What happened to one file of a set. */
export interface IngestFileResult {
  readonly set_id: number;
  /** Absolute source path. */
  readonly file: string;
  readonly outcome: 'queued' | 'duplicate' | 'error' | 'skipped';
  readonly row_id?: number;
  readonly File_Name?: string;
  readonly error_code?: string;
  readonly error_stage?: number;
  readonly message?: string;
  readonly duplicate_of?: DuplicateRef;
}

/** Counts of an ingest (SPEC §13 `run --json` counts, stages 1–4 part). */
export interface IngestCounts {
  readonly files: number;
  readonly queued: number;
  readonly duplicates: number;
  readonly errors: number;
  readonly skipped: number;
}

/** The result of {@link runIngest}. */
export interface IngestResult {
  readonly files: readonly IngestFileResult[];
  readonly counts: IngestCounts;
}

/** Options of {@link runIngest}. */
export interface RunIngestOptions {
  readonly db: SqliteDatabase;
  /** Sets that passed stage 1 (`validateIngestSets`). */
  readonly sets: readonly ValidatedSet[];
  readonly paths: Pick<ProjectPaths, 'incoming'>;
  readonly naming: NamingOptions;
  readonly runId: string;
  /** Header reader (default: `probeImage` of `@proofsheet/stages`). */
  readonly probe?: ProbeImage;
  /** Trace events (`stage_start`, `row_stage_finished`, `stage_complete`). */
  readonly runLog?: Pick<RunLogger, 'stageStart' | 'stageComplete' | 'rowFinished' | 'info' | 'warn'>;
  /** Human progress lines (`[STAGE n/8] …`). */
  readonly say?: (line: string) => void;
}

type SetWork = { readonly entry: ValidatedSet; readonly staged: StagedFile[]; readonly named: NamedFile[]; readonly failed: FailedFile[] };

/**
 * Stages 2–4 for sets that passed stage 1, one stage at a time over all sets, sequentially:
 * stage copies into `incoming/<set_id>/` (duplicates by content hash against the queue, the
 * catalog mirror and earlier files of this run are reported, not queued), read EXIF and build name
 * prefixes, then insert each set's rows and reservations in one transaction (with its `Error`
 * rows). Per-file problems become `Error` rows; environment failures throw.
 */
export async function runIngest(options: RunIngestOptions): Promise<IngestResult> {
  const say = options.say ?? (() => undefined);
  const results: IngestFileResult[] = [];
  const duplicates = createDuplicateIndex(options.db);

  const work: SetWork[] = [];
  await runStage(options, 'stage', say, countFiles(options.sets), async () => {
    for (const entry of options.sets) {
      updateSetStatus(options.db, entry.set.id, 'ingesting');
      work.push(await stageSet(entry, options, duplicates, results));
    }
  });
  await runStage(options, 'exif-name', say, work.reduce((n, w) => n + w.staged.length, 0), async () => {
    for (const setWork of work) await nameSet(setWork, options);
  });
  await runStage(options, 'insert', say, work.reduce((n, w) => n + w.named.length + w.failed.length, 0), async () => {
    for (const setWork of work) results.push(...insertSet(setWork, options));
  });
  const counts = toCounts(results);
  say(`[INFO] ${counts.files} file(s): ${counts.queued} queued, ${counts.duplicates} duplicate(s), ${counts.errors} error(s), ${counts.skipped} skipped`);
  return { files: results, counts };
}

async function runStage(options: RunIngestOptions, stage: StageName, say: (line: string) => void, pending: number, body: () => Promise<void>): Promise<void> {
  say(toStageHeader(stage));
  options.runLog?.stageStart(stage, pending);
  await body();
  options.runLog?.stageComplete(stage, { processed: pending });
}

async function stageSet(
  entry: ValidatedSet,
  options: RunIngestOptions,
  duplicates: DuplicateIndex,
  results: IngestFileResult[],
): Promise<SetWork> {
  const setId = entry.set.id;
  const incomingDir = toSetIncomingDir(options.paths.incoming, setId);
  await removeStaleTemps(incomingDir);
  const setWork: SetWork = { entry, staged: [], named: [], failed: [] };
  for (const skipped of entry.validation.listing.skipped) results.push({ set_id: setId, file: skipped.file, outcome: 'skipped', message: skipped.reason });
  for (const file of entry.validation.listing.files) {
    const started = performance.now();
    const outcome = knownUnreadable(await stageFile(file, { incomingDir, probe: options.probe ?? probeImage, findDuplicate: duplicates.findByHash, pid: process.pid }), duplicates);
    duplicates.record(outcome);
    if (outcome.kind === 'staged') setWork.staged.push(outcome);
    else if (outcome.kind === 'failed') setWork.failed.push(outcome);
    else results.push({ set_id: setId, file: outcome.file, outcome: 'duplicate', duplicate_of: outcome.of });
    finishRow(options, 'stage', outcome.file, outcome.kind === 'failed' ? outcome.error.code : null, outcome.kind === 'duplicate' ? 'skipped' : 'done', started);
  }
  await rmdir(incomingDir).catch(() => undefined); // only succeeds when nothing was staged: a re-run creates nothing
  options.say?.(`  set ${setId}: ${setWork.staged.length} staged, ${setWork.failed.length} failed, ${entry.validation.listing.files.length - setWork.staged.length - setWork.failed.length} duplicate(s)`);
  return setWork;
}

/** An unreadable file that already has its `FILE_UNREADABLE` row is reported as a duplicate of it. */
function knownUnreadable(outcome: StageFileOutcome, duplicates: DuplicateIndex): StageFileOutcome {
  if (outcome.kind !== 'failed' || outcome.sha256 !== null || outcome.error.code !== 'FILE_UNREADABLE') return outcome;
  const of = duplicates.findUnreadable(outcome.file);
  return of ? { kind: 'duplicate', file: outcome.file, name: outcome.name, sha256: null, of } : outcome;
}

async function nameSet(setWork: SetWork, options: RunIngestOptions): Promise<void> {
  const { set } = setWork.entry;
  for (const staged of setWork.staged) {
    const started = performance.now();
    const named = await nameStagedFile(staged, set, options.naming);
    if (named.kind === 'named') setWork.named.push(named);
    else setWork.failed.push(named);
    if (named.kind === 'named' && named.exifProblem !== null) {
      // The row is fine, but its deterministic name is not what its EXIF would have given: say so.
      options.say?.(`[WARN] ${staged.file}: ${named.exifProblem}`);
      options.runLog?.warn('EXIF unreadable: name built without it', { file: staged.file, reason: named.exifProblem, prefix: named.prefix });
    }
    finishRow(options, 'exif-name', staged.file, named.kind === 'failed' ? named.error.code : null, 'done', started);
  }
}

function insertSet(setWork: SetWork, options: RunIngestOptions): IngestFileResult[] {
  const { set } = setWork.entry;
  const started = performance.now();
  const results = runImmediate(options.db, () => {
    const inserted = insertSetRows(options.db, {
      setId: set.id,
      runId: options.runId,
      rows: setWork.named.map((named, index) => toSetRowInput(set, named, index, setWork.named.length)),
    });
    const queued = inserted.map((row, index): IngestFileResult => ({ set_id: set.id, file: setWork.named[index]!.staged.file, outcome: 'queued', row_id: row.id, File_Name: row.File_Name }));
    const errors = setWork.failed.map((failure): IngestFileResult => {
      const error = { code: failure.error.code, message: failure.error.message, stage: failure.stage };
      const row = insertErrorRow(options.db, { setId: set.id, runId: options.runId, values: toErrorRowValues(set, failure), error });
      return { set_id: set.id, file: failure.file, outcome: 'error', row_id: row.id, error_code: error.code, error_stage: error.stage, message: error.message };
    });
    updateSetStatus(options.db, set.id, 'ingested');
    return [...queued, ...errors];
  });
  // The set's rows commit in one transaction: each row's share of it is its duration.
  const perRow = Math.round((performance.now() - started) / Math.max(1, results.length));
  for (const result of results) {
    options.runLog?.rowFinished({ stage: 'insert', row_id: result.row_id ?? 0, File_Name: result.File_Name ?? null, outcome: result.outcome === 'error' ? 'failed' : 'done', duration_ms: perRow, ...(result.error_code ? { error_code: result.error_code } : {}) });
  }
  options.say?.(`  set ${set.id}: ${results.filter((r) => r.outcome === 'queued').length} row(s) queued, ${results.filter((r) => r.outcome === 'error').length} error row(s)`);
  return results;
}

function finishRow(options: RunIngestOptions, stage: StageName, file: string, errorCode: string | null, outcome: 'done' | 'skipped', started: number): void {
  options.runLog?.rowFinished({
    stage,
    row_id: file,
    outcome: errorCode === null ? outcome : 'failed',
    duration_ms: Math.round(performance.now() - started),
    ...(errorCode === null ? {} : { error_code: errorCode }),
  });
}

function countFiles(sets: readonly ValidatedSet[]): number {
  return sets.reduce((n, s) => n + s.validation.listing.files.length, 0);
}

function toCounts(results: readonly IngestFileResult[]): IngestCounts {
  const count = (outcome: IngestFileResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
  return { files: results.length, queued: count('queued'), duplicates: count('duplicate'), errors: count('error'), skipped: count('skipped') };
}
