import fs from 'node:fs';
import { ProofsheetError, isProofsheetError, toProjectPaths } from '@proofsheet/core';
import { followRunLog, readRunLogSize, readRunLogTail, readTraceTail, resolveRunId } from '@proofsheet/log';
import { getRun } from '@proofsheet/queue';
import type { CommandContext, CommandSpec } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exit-codes.js';
import { withQueueDatabase } from './_queue-db.js';

const DEFAULT_TAIL = 50;

/**
 * `proofsheet logs [<run_id>] [--tail N] [--follow]`: the last lines of a run's `run.log`
 * (default: the latest run). `--json` prints the last N trace events as objects; `--follow` keeps
 * printing new lines until the run ends or Ctrl+C.
 */
export const logsCommand: CommandSpec = {
  name: 'logs',
  summary: 'show the log of a run (default: the latest); --json for trace events',
  synopsis: 'proofsheet logs [<run_id>] [--tail N] [--follow]',
  maxPositionals: 1,
  options: { tail: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
  async run(ctx) {
    const tail = toTailCount(ctx.options.tail);
    const { config } = ctx.loadConfig();
    const logsDir = toProjectPaths(ctx.root, config.paths).logs;
    let runId: string;
    try {
      runId = resolveRunId(logsDir, ctx.positionals[0]);
    } catch (error) {
      if (isProofsheetError(error) && error.code === 'RUN_NOT_FOUND' && ctx.positionals[0] !== undefined) return explainRunWithoutLog(ctx, ctx.positionals[0], error);
      throw error;
    }
    if (ctx.json) {
      ctx.emit({ run_id: runId, events: readTraceTail(logsDir, runId, tail) });
      return EXIT.ok;
    }
    const offset = readRunLogSize(logsDir, runId);
    for (const line of readRunLogTail(logsDir, runId, tail)) ctx.say(line);
    if (ctx.options.follow === true) {
      const stop = new AbortController();
      const release = ctx.hooks.onSignal('SIGINT', () => stop.abort());
      try {
        await followRunLog(logsDir, runId, offset, (line) => ctx.say(line), { signal: stop.signal, pollMs: 250 });
      } finally {
        release();
      }
    }
    return EXIT.ok;
  },
};

/**
 * A run the queue knows but that has no log folder (it stopped before its log could be opened: a
 * read-only or full logs/ directory): says so, with the error recorded on the run. Otherwise the
 * original RUN_NOT_FOUND.
 */
async function explainRunWithoutLog(ctx: CommandContext, runId: string, notFound: ProofsheetError): Promise<ExitCode> {
  const { config } = ctx.loadConfig();
  if (!fs.existsSync(toProjectPaths(ctx.root, config.paths).database)) throw notFound;
  const run = await withQueueDatabase(ctx, (db) => getRun(db, runId));
  if (run === null) throw notFound;
  const reason = run.error_code === null ? 'no error was recorded with it' : `[${run.error_code}] ${run.error_message ?? ''}`;
  ctx.say(`run ${run.id} (${run.status}, started ${run.started_at}) wrote no log: ${reason}`);
  ctx.emit({ run_id: run.id, status: run.status, events: [], error_code: run.error_code, error_message: run.error_message });
  return EXIT.ok;
}

function toTailCount(value: unknown): number {
  if (value === undefined) return DEFAULT_TAIL;
  const count = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(count) || count < 0) {
    throw new ProofsheetError('USAGE', `--tail needs a whole number of lines, got "${String(value)}"`, { details: { command: 'logs' } });
  }
  return count;
}
