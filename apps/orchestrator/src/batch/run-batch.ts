import { isProofsheetError, redactText, systemClock, toRedactedConfig, type ProjectPaths, type ResolvedConfig, type RunTrigger } from '@proofsheet/core';
import { pruneLogs, type RunLogger } from '@proofsheet/log';
import { runIngest, runRowStages, validateIngestSets, type IngestCounts, type RowStagesResult, type ValidatedSet } from '@proofsheet/pipeline';
import { createRun, finishRun, listUnresolvedRunIds, touchRun, type RunError, type RunRecord, type SetRecord, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandContext } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { createProgressReporter } from '../cli/progress.js';
import { readSecretValues } from '../config/secret-values.js';

/** `run --json` / `resume --json` (SPEC §13; a contract for scripts). */
export interface BatchReport {
  readonly run_id: string | null;
  /** `waiting`: the run did all it could, rows wait for captions (Ollama unavailable); exit 3, safe to resume. */
  readonly status: 'completed' | 'waiting' | 'failed' | 'aborted';
  readonly counts: { files: number; queued: number; duplicates: number; errors: number; pending: number; needs_work: number; quarantined: number };
  readonly log_dir: string | null;
}

export interface BatchInputs {
  readonly db: SqliteDatabase;
  readonly paths: ProjectPaths;
  readonly config: ResolvedConfig;
  readonly trigger: RunTrigger;
  /** Sets whose stages 1–4 run in this batch (pending, or left mid-ingest by a crash). */
  readonly sets: readonly SetRecord[];
  /** Rows that became `Error` before the batch started (resume's re-verification), counted in `errors`. */
  readonly earlierErrors?: number;
  /** A run the caller already claimed (resume claims before its recovery work); default: claimed here after validation. */
  readonly run?: RunRecord;
  /** That run's log, when the caller opened it with the claim (see {@link openRunLog}). */
  readonly runLog?: RunLogger;
}

/** How often the run's heartbeat is refreshed, so another host can tell a live run from a dead one. */
const HEARTBEAT_MS = 15_000;

/**
 * One batch: stage 1 for every set (all problems at once, nothing written on failure), then a run
 * record, stages 2–4, and stages 5–7 for every waiting row. The first Ctrl+C lets rows in a stage
 * finish and stops cleanly (exit 3, resumable); a second one exits at once (still resumable:
 * every row is at its last checkpoint).
 */
export async function runBatch(ctx: CommandContext, inputs: BatchInputs): Promise<ExitCode> {
  const { db, config } = inputs;
  const { naming } = config;
  const { validated, run, runLog } = await startBatch(ctx, inputs);
  ctx.say(`[INFO] run ${run.id}: ${inputs.sets.length} set(s); logs in ${runLog.dir}`);
  const stop = new AbortController();
  const releaseSignal = ctx.hooks.onSignal('SIGINT', () => {
    ctx.io.err('[WARN] stopping after the rows in progress (Ctrl+C again to stop at once); continue later with "proofsheet resume"');
    stop.abort();
  });
  const heartbeat = setInterval(() => {
    try {
      touchRun(db, run.id);
    } catch (error) {
      runLog.warn('run heartbeat failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const ingest = validated.length > 0 ? await runIngest({ db, sets: validated, paths: inputs.paths, naming, runId: run.id, say: ctx.say, runLog }) : null;
    const onProgress = createProgressReporter(ctx.io, 'rows through stages 5-7');
    const stages = await runRowStages({ db, paths: inputs.paths, config, runId: run.id, runLog, say: ctx.say, stop: stop.signal, onProgress });
    const counts = toReportCounts(ingest?.counts ?? null, stages, inputs.earlierErrors ?? 0);
    const status = stop.signal.aborted || stages.stopped ? 'aborted' : stages.interrupted ? 'waiting' : 'completed';
    finishRun(db, run.id, { status, counts });
    runLog.runEnd(counts, status);
    sayNextSteps(ctx, counts, status, stages.counts.waiting);
    ctx.emit({ run_id: run.id, status, counts, log_dir: runLog.dir } satisfies BatchReport);
    if (status === 'aborted' || status === 'waiting') return EXIT.aborted; // both safe to resume (SPEC §7: exit 3)
    return counts.errors + counts.quarantined > 0 ? EXIT.rowsFailed : EXIT.ok;
  } catch (error) {
    const status = isProofsheetError(error) && error.kind !== 'internal' ? 'aborted' : 'failed';
    try {
      finishRun(db, run.id, { status, error: toRunError(ctx, error) });
    } catch {
      // The original error matters more; the run stays `running` and `resume` will find it interrupted.
    }
    // Stages log their own failure (stage_error); this only catches one raised between or around them.
    if (runLog.activeStage !== null) runLog.stageError(runLog.activeStage, error);
    else runLog.error('run failed', { err: error, ...(isProofsheetError(error) ? { error_code: error.code } : {}) });
    runLog.runEnd({}, status);
    throw error;
  } finally {
    clearInterval(heartbeat);
    releaseSignal();
    runLog.close();
  }
}

/**
 * The log sinks (probed first: a run that cannot log stops before it writes anything, SPEC §8),
 * stage 1, then the run record (unless the caller claimed one) and its log. A run that never
 * started is ended as aborted with the error that stopped it, so it does not look interrupted and
 * says why even when its log could not be opened.
 */
async function startBatch(ctx: CommandContext, inputs: BatchInputs): Promise<{ validated: ValidatedSet[]; run: RunRecord; runLog: RunLogger }> {
  const { db, config } = inputs;
  let run = inputs.run ?? null;
  try {
    await ctx.startLogging();
    const validated = inputs.sets.length > 0 ? await validateIngestSets(inputs.sets, config.naming, systemClock, ctx.say) : [];
    run ??= createRun(db, { exclusive: true, trigger: inputs.trigger, setIds: inputs.sets.map((s) => s.id), config: toRedactedConfig(config) });
    return { validated, run, runLog: inputs.runLog ?? (await openRunLog(ctx, run.id, inputs)) };
  } catch (error) {
    if (run !== null) finishRun(db, run.id, { status: 'aborted', error: toRunError(ctx, error) });
    throw error;
  }
}

/** The error a run ended on, as recorded on its row (secrets masked; a non-Proofsheet error is INTERNAL). */
export function toRunError(ctx: CommandContext, error: unknown): RunError {
  const message = error instanceof Error ? error.message : String(error);
  return { code: isProofsheetError(error) ? error.code : 'INTERNAL', message: redactText(message, readSecretValues(ctx.env)) };
}

/**
 * Opens the run's folder and `run.log` (its first line written). Called right after the run is
 * claimed, so that a run killed at any later moment still has its log for triage.
 */
export async function openRunLog(ctx: CommandContext, runId: string, inputs: Pick<BatchInputs, 'db' | 'config' | 'trigger' | 'sets'>): Promise<RunLogger> {
  const runtime = await ctx.startLogging();
  const runLog = runtime.openRunLogger({ runId, start: { trigger: inputs.trigger, set_ids: inputs.sets.map((s) => s.id) } });
  // logging.keepRuns: old run folders go, never those of unresolved runs (this one included).
  const pruned = pruneLogs(runtime.logsDir, inputs.config.logging.keepRuns, new Set([...listUnresolvedRunIds(inputs.db), runId]));
  if (pruned.runs.length + pruned.preflight.length > 0) runLog.info('old logs removed (logging.keepRuns)', { runs: pruned.runs.length, preflight: pruned.preflight.length });
  return runLog;
}

function toReportCounts(ingest: IngestCounts | null, stages: RowStagesResult, earlierErrors: number): BatchReport['counts'] {
  return {
    files: ingest?.files ?? 0,
    queued: ingest?.queued ?? 0,
    duplicates: ingest?.duplicates ?? 0,
    errors: earlierErrors + (ingest?.errors ?? 0) + stages.counts.errors,
    pending: stages.counts.pending,
    needs_work: stages.counts.needs_work,
    quarantined: stages.counts.quarantined,
  };
}

function sayNextSteps(ctx: CommandContext, counts: BatchReport['counts'], status: BatchReport['status'], waiting: number): void {
  ctx.say(
    `[INFO] ${status}: ${counts.files} file(s), ${counts.queued} queued, ${counts.duplicates} duplicate(s), ${counts.errors} error(s); ` +
      `${counts.pending} pending review, ${counts.needs_work} need work, ${counts.quarantined} quarantined` +
      (waiting > 0 ? `, ${waiting} waiting in Queued` : ''),
  );
  if (status === 'waiting') {
    ctx.say(`${waiting} row(s) are scored and derived and wait for captions only (see the notice above).`);
    ctx.say('Continue with "proofsheet resume" once Ollama answers, or send them to review without captions now: "proofsheet run --no-caption".');
    return;
  }
  ctx.say('Next: "proofsheet status" for counts, "proofsheet rows --status Pending" to list rows, "proofsheet approve <id>..." / "reject <id>..." to decide.');
  if (status === 'aborted') ctx.say('Some rows are waiting at their checkpoint: "proofsheet resume" continues them.');
  if (counts.errors > 0) ctx.say('Failed rows: "proofsheet rows --status Error" shows why; "proofsheet retry" requeues them.');
}
