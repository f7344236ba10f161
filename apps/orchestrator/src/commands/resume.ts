import { systemClock, toRedactedConfig, type ResolvedConfig } from '@proofsheet/core';
import { formatSetIssues, validateSet } from '@proofsheet/ingest';
import { assertNoLiveRun, createRun, findInterruptedRuns, finishRun, listSets, returnStrandedRows, updateSetStatus, type RunRecord, type SetRecord, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandContext } from '../cli/command.js';
import { formatRecoveryPlan, planRecovery, selectWaitingRows, type RecoveryPlan } from '@proofsheet/pipeline';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import type { RunLogger } from '@proofsheet/log';
import { openRunLog, runBatch, toRunError, type BatchReport } from '../batch/run-batch.js';
import { withQueueDatabase } from './_queue-db.js';

/**
 * `proofsheet resume`: continues every interrupted run (SPEC §9) — sets left mid-ingest run stages
 * 1–4 again (staged copies are reused when intact), waiting rows continue from their checkpoint,
 * and staged copies are re-verified first (restaged from the original, or `SOURCE_MISSING`).
 */
export const resumeCommand: CommandSpec = {
  name: 'resume',
  summary: 'continue interrupted runs from every row\'s checkpoint',
  synopsis: 'proofsheet resume',
  async run(ctx) {
    const { config } = ctx.loadConfig();
    return withQueueDatabase(ctx, async (db, paths) => {
      assertNoLiveRun(db); // early; createRun checks again atomically
      if (!mayHaveRecoveryWork(db)) {
        ctx.say('Nothing to resume.');
        ctx.emit({ run_id: null, status: 'completed', counts: { files: 0, queued: 0, duplicates: 0, errors: 0, pending: 0, needs_work: 0, quarantined: 0 }, log_dir: null } satisfies BatchReport);
        return EXIT.ok;
      }
      // The log sinks first: a resume that cannot log stops before it claims or changes anything.
      await ctx.startLogging();
      // Claim the run before any recovery work: a second resume started at the same moment stops
      // here with RUN_IN_PROGRESS instead of restaging the same copies and finishing the same runs.
      const run = createRun(db, { exclusive: true, trigger: 'resume', config: toRedactedConfig(config) });
      // Its log at once: recovery (re-hashing staged copies) can take a while, and a resume killed
      // during it must still leave a log that says what it was doing.
      const runLog = await openClaimedRunLog(ctx, db, run, config);
      const recovered = await recoverClaimed(ctx, db, run, config, runLog);
      return runBatch(ctx, { db, paths, config, trigger: 'resume', sets: recovered.sets, earlierErrors: recovered.plan.incoming.missing.length, run, runLog });
    });
  },
};

/** Cheap look (no hashing) for anything `resume` could do: interrupted runs, sets left mid-ingest, waiting rows, stranded rows to return to Error. */
function mayHaveRecoveryWork(db: SqliteDatabase): boolean {
  return (
    findInterruptedRuns(db).length > 0 ||
    listSets(db).some((set) => set.status === 'ingesting') ||
    selectWaitingRows(db).length > 0 ||
    returnStrandedRows(db, { dryRun: true }).length > 0
  );
}

/** The claimed run's log; a failure to open it ends the claimed run as aborted before it propagates. */
async function openClaimedRunLog(ctx: CommandContext, db: SqliteDatabase, run: RunRecord, config: ResolvedConfig): Promise<RunLogger> {
  try {
    return await openRunLog(ctx, run.id, { db, config, trigger: 'resume', sets: [] });
  } catch (error) {
    finishRun(db, run.id, { status: 'aborted', error: toRunError(ctx, error) });
    throw error;
  }
}

/**
 * The recovery work of a claimed run, its plan written to the run's log too; a failure here ends the
 * claimed run as aborted (in the queue and in its log) before it propagates.
 */
async function recoverClaimed(ctx: CommandContext, db: SqliteDatabase, run: RunRecord, config: ResolvedConfig, runLog: RunLogger): Promise<{ plan: RecoveryPlan; sets: SetRecord[] }> {
  try {
    const plan = await planRecovery(db, { dryRun: false });
    for (const line of formatRecoveryPlan(plan)) {
      ctx.say(line);
      runLog.info(line);
    }
    for (const interrupted of plan.interrupted) finishRun(db, interrupted.id, { status: 'aborted' });
    return { plan, sets: await dropUnusableSets(ctx, db, plan.sets, config.naming) };
  } catch (error) {
    finishRun(db, run.id, { status: 'aborted', error: toRunError(ctx, error) });
    runLog.error('recovery failed', { err: error });
    runLog.runEnd({}, 'aborted');
    runLog.close();
    throw error;
  }
}

/**
 * A set left mid-ingest whose folder vanished (or no longer validates) since the crash is marked
 * `failed` with a warning instead of failing the whole resume: otherwise every later `run` and
 * `resume` would stop at it and no waiting row would ever continue.
 */
async function dropUnusableSets(ctx: CommandContext, db: SqliteDatabase, sets: readonly SetRecord[], naming: { template: string; maxLength: number }): Promise<SetRecord[]> {
  const usable: SetRecord[] = [];
  for (const set of sets) {
    const { issues } = await validateSet({ ...set, label: `set ${set.id}` }, naming, systemClock.now().getFullYear());
    if (issues.length === 0) {
      usable.push(set);
      continue;
    }
    updateSetStatus(db, set.id, 'failed');
    ctx.say(`[WARN] set ${set.id} can no longer be ingested and is marked failed (fix its folder, then add it again):\n${formatSetIssues(issues)}`);
  }
  return usable;
}
