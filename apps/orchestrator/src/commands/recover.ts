import { ProofsheetError } from '@proofsheet/core';
import { formatRecoveryPlan, hasRecoveryWork, planRecovery } from '@proofsheet/pipeline';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

/** `proofsheet recover --dry-run`: prints what `resume` would do, changing nothing. */
export const recoverCommand: CommandSpec = {
  name: 'recover',
  summary: 'show what resume would do (interrupted runs, checkpoints, staged copies)',
  synopsis: 'proofsheet recover --dry-run',
  options: { 'dry-run': { type: 'boolean' } },
  async run(ctx) {
    if (ctx.options['dry-run'] !== true) {
      throw new ProofsheetError('USAGE', 'recover only plans: pass --dry-run (then "proofsheet resume" carries the plan out)', { details: { command: 'recover' } });
    }
    return withQueueDatabase(ctx, async (db) => {
      const plan = await planRecovery(db, { dryRun: true });
      for (const line of formatRecoveryPlan(plan)) ctx.say(line);
      ctx.say(hasRecoveryWork(plan) ? 'Run "proofsheet resume" to carry this out.' : 'Nothing to resume.');
      ctx.emit({
        interrupted_runs: plan.interrupted.map((run) => ({ id: run.id, pid: run.pid, started_at: run.started_at })),
        sets: plan.sets.map((set) => ({ id: set.id, status: set.status })),
        rows_from: plan.rowsFrom,
        incoming: { intact: plan.incoming.intact, restage: plan.incoming.restaged, missing: plan.incoming.missing },
      });
      return EXIT.ok;
    });
  },
};
