import { ProofsheetError, type ProjectPaths } from '@proofsheet/core';
import { formatRecoveryPlan, hasRecoveryWork, planClean, planRecovery, type CleanItem, type RecoveryPlan } from '@proofsheet/pipeline';
import { findLiveRuns, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

/** What `recover --dry-run` found in `data/incoming` and `data/derived` besides the copies of waiting rows. */
type StagingReport =
  | { readonly checked: true; readonly clean: boolean; readonly items: readonly CleanItem[]; readonly bytes: number }
  | { readonly checked: false; readonly clean: false; readonly reason: string };

/**
 * Staged files no row uses, via `clean`'s own planner (one definition of "orphaned"): partial
 * copies of dead processes, staged copies no row references, derivatives of rows that are gone.
 * Not looked at while a run is live: its fresh copies are not referenced yet.
 */
async function checkStaging(db: SqliteDatabase, paths: ProjectPaths, plan: RecoveryPlan): Promise<StagingReport> {
  const live = findLiveRuns(db);
  if (live.length > 0) return { checked: false, clean: false, reason: `run ${live.map((run) => run.id).join(', ')} is live: its new copies are not referenced yet; check again when it has finished` };
  const clean = await planClean(db, paths);
  const copiesOk = plan.incoming.restaged.length === 0 && plan.incoming.missing.length === 0;
  return { checked: true, clean: copiesOk && clean.items.length === 0, items: clean.items, bytes: clean.bytes };
}

function formatStaging(staging: StagingReport): string[] {
  if (!staging.checked) return [`staging: not checked (${staging.reason})`];
  const temp = staging.items.filter((item) => item.kind === 'temp').length;
  const staged = staging.items.filter((item) => item.kind === 'staged').length;
  const derived = staging.items.filter((item) => item.kind === 'derived').length;
  if (staging.clean) return ['staging: clean (every staged copy of a waiting row is intact; no orphaned partial copies, staged copies or derivatives)'];
  const lines = [`staging: ${temp} partial cop${temp === 1 ? 'y' : 'ies'} of dead processes, ${staged} staged cop${staged === 1 ? 'y' : 'ies'} no row references, ${derived} derivative folder(s) of rows that are gone`];
  for (const item of staging.items) lines.push(`  ${item.kind.padEnd(7)}  ${item.path}  (${item.reason})`);
  if (staging.items.length > 0) lines.push('  "proofsheet clean" removes these (resume restages what it needs)');
  return lines;
}

/**
 * `proofsheet recover --dry-run`: prints what `resume` would do, changing nothing, and whether
 * staging is clean (damaged or missing copies of waiting rows, partial copies of dead processes,
 * staged copies and derivatives no row references).
 */
export const recoverCommand: CommandSpec = {
  name: 'recover',
  summary: 'show what resume would do (interrupted runs, checkpoints, staged copies)',
  synopsis: 'proofsheet recover --dry-run',
  options: { 'dry-run': { type: 'boolean' } },
  async run(ctx) {
    if (ctx.options['dry-run'] !== true) {
      throw new ProofsheetError('USAGE', 'recover only plans: pass --dry-run (then "proofsheet resume" carries the plan out)', { details: { command: 'recover' } });
    }
    return withQueueDatabase(ctx, async (db, paths) => {
      const plan = await planRecovery(db, { dryRun: true });
      const staging = await checkStaging(db, paths, plan);
      for (const line of [...formatRecoveryPlan(plan), ...formatStaging(staging)]) ctx.say(line);
      ctx.say(hasRecoveryWork(plan) ? 'Run "proofsheet resume" to carry this out.' : 'Nothing to resume.');
      ctx.emit({
        interrupted_runs: plan.interrupted.map((run) => ({ id: run.id, pid: run.pid, started_at: run.started_at })),
        sets: plan.sets.map((set) => ({ id: set.id, status: set.status })),
        rows_from: plan.rowsFrom,
        incoming: { intact: plan.incoming.intact, restage: plan.incoming.restaged, missing: plan.incoming.missing },
        staging: staging.checked
          ? { checked: true, clean: staging.clean, items: staging.items.map((item) => ({ path: item.path, kind: item.kind, bytes: item.bytes, reason: item.reason })), bytes: staging.bytes }
          : { checked: false, clean: false, reason: staging.reason, items: [], bytes: 0 },
      });
      return EXIT.ok;
    });
  },
};
