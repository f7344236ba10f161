import { applyClean, planClean, type CleanItem } from '@proofsheet/pipeline';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

const toMb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function toJsonItem(entry: CleanItem) {
  return { path: entry.path, kind: entry.kind, bytes: entry.bytes, reason: entry.reason };
}

/**
 * `proofsheet clean [--dry-run]`: removes staged copies and derivatives that no row references
 * (and partial copies of processes that are gone). Nothing a row references is ever touched, and
 * it refuses while a run is live (`RUN_IN_PROGRESS`, exit 2).
 */
export const cleanCommand: CommandSpec = {
  name: 'clean',
  summary: 'remove staged copies and derivatives that no row references (--dry-run lists them)',
  synopsis: 'proofsheet clean [--dry-run]',
  options: { 'dry-run': { type: 'boolean' } },
  async run(ctx) {
    const dryRun = ctx.options['dry-run'] === true;
    return withQueueDatabase(ctx, async (db, paths) => {
      const plan = await planClean(db, paths);
      for (const entry of plan.items) ctx.say(`${dryRun ? 'would remove' : 'remove'}  ${entry.kind.padEnd(7)}  ${toMb(entry.bytes).padStart(9)}  ${entry.path}  (${entry.reason})`);
      if (dryRun) {
        ctx.say(plan.items.length === 0 ? 'Nothing to clean.' : `${plan.items.length} item(s), ${toMb(plan.bytes)}; run "proofsheet clean" to remove them.`);
        ctx.emit({ dry_run: true, items: plan.items.map(toJsonItem), bytes: plan.bytes });
        return EXIT.ok;
      }
      const { removed, skipped } = await applyClean(plan);
      for (const entry of skipped) ctx.say(`[WARN] left ${entry.path}: it changed since it was listed`);
      ctx.say(removed.length === 0 ? 'Nothing to clean.' : `Removed ${removed.length} item(s), ${toMb(removed.reduce((n, i) => n + i.bytes, 0))}.`);
      ctx.emit({ dry_run: false, items: removed.map(toJsonItem), bytes: removed.reduce((n, i) => n + i.bytes, 0), skipped: skipped.map(toJsonItem) });
      return EXIT.ok;
    });
  },
};
