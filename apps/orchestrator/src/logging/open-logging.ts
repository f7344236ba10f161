import { toProjectPaths, type ResolvedConfig } from '@proofsheet/core';
import { openLogRuntime, type LogRecordStore, type LogRuntime, type ProcessHooks } from '@proofsheet/log';

/** What {@link openCommandLogging} needs from the CLI context. */
export interface CommandLoggingInputs {
  readonly root: string;
  readonly config: ResolvedConfig;
  readonly secrets: readonly string[];
  readonly hooks: ProcessHooks;
  /** A warning line on stderr. */
  readonly warn: (line: string) => void;
}

/**
 * The store for `logging.database`: SQLite (queue package) or MySQL (publisher package). Loaded on
 * demand, so commands that never log to a database do not pay for loading mysql2 at startup.
 */
export async function toLogRecordStore(database: NonNullable<ResolvedConfig['logging']['database']>, root: string): Promise<LogRecordStore> {
  if (database.kind === 'sqlite') {
    const { createSqliteLogStore, toSqliteLogFile } = await import('@proofsheet/queue');
    return createSqliteLogStore(toSqliteLogFile(database.url, root));
  }
  const { createMysqlLogStore } = await import('@proofsheet/publisher');
  return createMysqlLogStore(database.url);
}

/**
 * Opens and probes the process's log sinks from the configuration (startup): throws
 * `LOG_SINK_FAILED` when a required sink cannot open; registers the runtime's close with the
 * process hooks, so it is flushed on normal exit, signals and crashes.
 */
export async function openCommandLogging(inputs: CommandLoggingInputs): Promise<LogRuntime> {
  const { config } = inputs;
  const paths = toProjectPaths(inputs.root, config.paths);
  inputs.hooks.setCrashTarget({ logsDir: paths.logs, secrets: inputs.secrets });
  const database = config.logging.database;
  const runtime = await openLogRuntime({
    logsDir: paths.logs,
    level: config.logging.level,
    secrets: inputs.secrets,
    sharedDir: config.logging.sharedDir === null ? null : toProjectPaths(inputs.root, { ...config.paths, logs: config.logging.sharedDir }).logs,
    database: database ? { store: await toLogRecordStore(database, inputs.root), required: database.required } : null,
    warn: inputs.warn,
  });
  inputs.hooks.addFlusher((timeoutMs) => runtime.close(timeoutMs));
  return runtime;
}
