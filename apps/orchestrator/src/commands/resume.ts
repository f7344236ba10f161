import { finishRun } from '@proofsheet/queue';
import { formatRecoveryPlan, hasRecoveryWork, planRecovery } from '@proofsheet/pipeline';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { runBatch, type BatchReport } from '../batch/run-batch.js';
import { withQueueDatabase } from './_queue-db.js';
import { refuseWhileRunning } from '../batch/live-runs.js';

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
      refuseWhileRunning(db);
      const plan = await planRecovery(db, { dryRun: false });
      for (const line of formatRecoveryPlan(plan)) ctx.say(line);
      if (!hasRecoveryWork(plan)) {
        ctx.say('Nothing to resume.');
        ctx.emit({ run_id: null, status: 'completed', counts: { files: 0, queued: 0, duplicates: 0, errors: 0, pending: 0, needs_work: 0, quarantined: 0 }, log_dir: null } satisfies BatchReport);
        return EXIT.ok;
      }
      for (const run of plan.interrupted) finishRun(db, run.id, { status: 'aborted' });
      return runBatch(ctx, { db, paths, config, trigger: 'resume', sets: plan.sets, earlierErrors: plan.incoming.missing.length });
    });
  },
};
