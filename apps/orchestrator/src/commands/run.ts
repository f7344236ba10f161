import { ProofsheetError } from '@proofsheet/core';
import { assertNoLiveRun, findInterruptedRuns, listSets, requireSet, type SetRecord, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { runBatch } from '../batch/run-batch.js';
import { parsePositiveInt, withQueueDatabase } from './_queue-db.js';

/**
 * `proofsheet run [--set <id>...] [--no-caption]`: stages 1–7 for the pending sets (or the named
 * ones) and every row still waiting in the queue. Refuses while an interrupted run exists (use
 * `resume`). Exit 0; 1 when some rows failed; 2 for invalid sets (nothing written); 3 when rows
 * were left waiting (Ollama unavailable, Ctrl+C): safe to resume.
 */
export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'run the pipeline (stages 1-7) for pending sets and waiting rows',
  synopsis: 'proofsheet run [--set <id>...] [--no-caption]',
  options: { set: { type: 'string', multiple: true }, 'no-caption': { type: 'boolean' } },
  async run(ctx) {
    const { config } = ctx.loadConfig(ctx.options['no-caption'] === true ? { caption: { enabled: false } } : undefined);
    return withQueueDatabase(ctx, (db, paths) => {
      assertNoLiveRun(db); // early, before validation; createRun checks again atomically
      refuseWhenInterrupted(db);
      const sets = selectSets(ctx, db);
      if (sets.length === 0) ctx.say('No pending sets: continuing rows waiting in the queue, if any. Add a set with: proofsheet set add <folder> --subject S --location L --category C');
      return runBatch(ctx, { db, paths, config, trigger: 'cli', sets });
    });
  },
};

function refuseWhenInterrupted(db: SqliteDatabase): void {
  const interrupted = findInterruptedRuns(db);
  if (interrupted.length === 0) return;
  throw new ProofsheetError('RUN_INTERRUPTED_EXISTS', `run ${interrupted.map((r) => r.id).join(', ')} was interrupted; continue it with "proofsheet resume" (or see "proofsheet recover --dry-run")`, {
    details: { runs: interrupted.map((r) => r.id) },
  });
}

/**
 * `--set` ids (each must exist), else every set not yet ingested: `pending`, or `ingesting` left by
 * a process killed before it could record its run (no interrupted run points at it then).
 */
function selectSets(ctx: CommandContext, db: SqliteDatabase): SetRecord[] {
  const ids = ctx.options.set;
  if (Array.isArray(ids) && ids.length > 0) return ids.map((id) => requireSet(db, parsePositiveInt(String(id), '--set', 'run')));
  return listSets(db).filter((set) => set.status === 'pending' || set.status === 'ingesting');
}
