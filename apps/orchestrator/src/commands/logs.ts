import { ProofsheetError, toProjectPaths } from '@proofsheet/core';
import { followRunLog, readRunLogSize, readRunLogTail, readTraceTail, resolveRunId } from '@proofsheet/log';
import type { CommandSpec } from '../cli/command.js';
import { EXIT } from '../cli/exit-codes.js';

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
    const runId = resolveRunId(logsDir, ctx.positionals[0]);
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

function toTailCount(value: unknown): number {
  if (value === undefined) return DEFAULT_TAIL;
  const count = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(count) || count < 0) {
    throw new ProofsheetError('USAGE', `--tail needs a whole number of lines, got "${String(value)}"`, { details: { command: 'logs' } });
  }
  return count;
}
