import { isProofsheetError, systemClock, toRedactedConfig, type ProjectPaths, type ResolvedConfig } from '@proofsheet/core';
import type { RunLogger } from '@proofsheet/log';
import { runIngest, validateIngestSets, type IngestCounts } from '@proofsheet/pipeline';
import { createRun, finishRun, listSets, requireSet, type SetRecord, type SqliteDatabase } from '@proofsheet/queue';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { parsePositiveInt, withQueueDatabase } from './_queue-db.js';
import { toNaming } from './set.js';

/** `run --json` (SPEC §13). */
interface RunReport {
  readonly run_id: string | null;
  readonly status: 'completed' | 'failed' | 'aborted';
  readonly counts: { files: number; queued: number; duplicates: number; errors: number; pending: number; needs_work: number; quarantined: number };
  readonly log_dir: string | null;
}

/**
 * `proofsheet run [--set <id>...] [--no-caption]`: stages 1–4 (validate, stage, EXIF and naming,
 * insert) for the pending sets, sequentially. Stages 5–7 are not wired yet: rows stay `Queued`
 * at stage 4. Exit 0, or 1 when some files became `Error` rows; invalid sets exit 2 with nothing
 * written.
 */
export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'run the pipeline (stages 1-4 for now) for pending sets',
  synopsis: 'proofsheet run [--set <id>...] [--no-caption]',
  options: { set: { type: 'string', multiple: true }, 'no-caption': { type: 'boolean' } },
  async run(ctx) {
    const { config } = ctx.loadConfig();
    return withQueueDatabase(ctx, (db, paths) => runSets(ctx, db, paths, config));
  },
};

async function runSets(ctx: CommandContext, db: SqliteDatabase, paths: ProjectPaths, config: ResolvedConfig): Promise<ExitCode> {
  const sets = selectSets(ctx, db);
  if (sets.length === 0) {
    ctx.say('No pending sets. Add one with: proofsheet set add <folder> --subject S --location L --category C');
    ctx.emit({ run_id: null, status: 'completed', counts: toReportCounts(null), log_dir: null } satisfies RunReport);
    return EXIT.ok;
  }
  const validated = await validateIngestSets(sets, toNaming(config), systemClock, ctx.say);
  const run = createRun(db, { trigger: 'cli', setIds: sets.map((s) => s.id), config: toRedactedConfig(config) });
  const runLog = await openRunLog(ctx, run.id, sets);
  const logDir = runLog.dir;
  ctx.say(`[INFO] run ${run.id}: ${sets.length} set(s); logs in ${logDir}`);
  try {
    const result = await runIngest({ db, sets: validated, paths, naming: toNaming(config), runId: run.id, say: ctx.say, runLog });
    ctx.say('[INFO] stages 5-7 (quality, derivatives, captions) are not wired into run yet; rows stay Queued after stage 4');
    const counts = toReportCounts(result.counts);
    finishRun(db, run.id, { status: 'completed', counts });
    runLog.runEnd(counts, 'completed');
    ctx.emit({ run_id: run.id, status: 'completed', counts, log_dir: logDir } satisfies RunReport);
    return result.counts.errors > 0 ? EXIT.rowsFailed : EXIT.ok;
  } catch (error) {
    const status = isProofsheetError(error) && error.kind === 'operational' ? 'aborted' : 'failed';
    finishRun(db, run.id, { status });
    runLog.stageError('stage', error);
    runLog.runEnd({}, status);
    throw error;
  } finally {
    runLog.close();
  }
}

/** `--set` ids (each must exist), else every set not yet ingested (`pending`, or `ingesting` left by a killed run). */
function selectSets(ctx: CommandContext, db: SqliteDatabase): SetRecord[] {
  const ids = ctx.options.set;
  if (Array.isArray(ids) && ids.length > 0) return ids.map((id) => requireSet(db, parsePositiveInt(String(id), '--set', 'run')));
  return listSets(db).filter((set) => set.status === 'pending' || set.status === 'ingesting');
}

/** Opens the run's log directory (`logs/runs/<run_id>/`) through the CLI's log runtime. */
async function openRunLog(ctx: CommandContext, runId: string, sets: readonly SetRecord[]): Promise<RunLogger> {
  const runtime = await ctx.startLogging();
  return runtime.openRunLogger({ runId, start: { trigger: 'cli', set_ids: sets.map((s) => s.id) } });
}

function toReportCounts(counts: IngestCounts | null): RunReport['counts'] {
  return {
    files: counts?.files ?? 0,
    queued: counts?.queued ?? 0,
    duplicates: counts?.duplicates ?? 0,
    errors: counts?.errors ?? 0,
    pending: 0,
    needs_work: 0,
    quarantined: 0,
  };
}
