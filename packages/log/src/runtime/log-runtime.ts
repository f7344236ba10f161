import fs from 'node:fs';
import path from 'node:path';
import { ProofsheetError, redactText, systemClock, type Clock } from '@proofsheet/core';
import type { LogRecordStore } from '../database/log-record-store.js';
import { createHealthBoard, type HealthBoard } from '../health/health-board.js';
import type { SinkHealth } from '../health/sink-health.js';
import type { LogLevel, Logger } from '../logger/create-logger.js';
import { openProcessLogger, type ProcessLogName, type ProcessLogger } from '../process/process-logger.js';
import { RUNS_DIR } from '../run/run-files.js';
import { openRunLogger, type RunLogger, type RunLoggerOptions } from '../run/run-logger.js';
import { openDatabaseSink, type DatabaseSink, type DatabaseSinkEvent } from '../sinks/database-sink.js';
import { toSinkError, type RetryPolicy } from '../sinks/line-sink.js';
import type { LogContext } from './log-context.js';

/** Options for {@link openLogRuntime} (the resolved `logging` config plus where and what to mask). */
export interface LogRuntimeOptions {
  readonly logsDir: string;
  readonly level?: LogLevel;
  /** Secret values to mask everywhere (passwords from the environment and URLs). */
  readonly secrets?: readonly string[];
  readonly sharedDir?: string | null;
  /** `logging.database`, with the store the caller built for its kind. */
  readonly database?: { readonly store: LogRecordStore; readonly required: boolean } | null;
  /** Warnings for the operator (stderr), e.g. an optional sink that failed. */
  readonly warn?: (line: string) => void;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
  /** Database sink batch period (default 250 ms). */
  readonly databaseIntervalMs?: number;
  /** How often `sink_health.json` is refreshed while running (default 5 s). */
  readonly healthRefreshMs?: number;
}

/** The logging of one process: opened and probed sinks, and the loggers built on them. */
export interface LogRuntime {
  readonly logsDir: string;
  /** Opens `logs/runs/<run_id>/` and writes `run_start`. */
  openRunLogger(options: RunLoggerOptions): RunLogger;
  /** Opens `logs/publish.log` or `logs/review.log`. */
  openProcessLogger(name: ProcessLogName, bindings?: Readonly<Record<string, unknown>>): ProcessLogger;
  /** Health of every sink now. */
  health(): SinkHealth[];
  /** Waits (bounded) until queued database records are written; records health. */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes, closes the database sink and records the final health. Idempotent. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * Opens and probes every process-level sink: the logs directory must be writable (else
 * `LOG_SINK_FAILED`), the mirror directory and the database sink are probed (a required database
 * that fails its self-test throws `LOG_SINK_FAILED`; an optional one warns and is recorded as
 * down). The health record `logs/sink_health.json` is written after probing, on every change,
 * periodically and at close.
 */
export async function openLogRuntime(options: LogRuntimeOptions): Promise<LogRuntime> {
  const secrets = options.secrets ?? [];
  const warn = options.warn ?? (() => undefined);
  probeLogsDirectory(options.logsDir, secrets);
  const loggers = new Set<Logger>();
  const health: HealthBoard = createHealthBoard({
    logsDir: options.logsDir,
    clock: options.clock ?? systemClock,
    secrets,
    refreshMs: options.healthRefreshMs ?? 5000,
    onPersistError: (message) => warn(`warning: ${path.join(options.logsDir, 'sink_health.json')} cannot be written (${message}); "proofsheet status" and "doctor" show stale sink health until it can`),
  });
  const sharedDir = options.sharedDir ?? null;
  if (sharedDir !== null) probeMirror(sharedDir, health, warn, secrets);
  const database = options.database ? await openDatabase(options.database, health, secrets, warn, loggers, options) : null;
  const ctx: LogContext = {
    logsDir: options.logsDir,
    level: options.level ?? 'info',
    secrets,
    clock: options.clock ?? systemClock,
    health,
    database,
    sharedDir,
    ...(options.retry ? { retry: options.retry } : {}),
    warn,
    track: (logger) => {
      loggers.add(logger);
      return () => void loggers.delete(logger);
    },
  };
  health.persist();
  let closing: Promise<void> | null = null;
  return {
    logsDir: options.logsDir,
    openRunLogger: (runOptions) => openRunLogger(ctx, runOptions),
    openProcessLogger: (name, bindings) => openProcessLogger(ctx, name, bindings),
    health: () => health.snapshot(),
    async flush(timeoutMs) {
      await database?.flush(timeoutMs);
      health.persist();
    },
    close(timeoutMs) {
      closing ??= (async () => {
        await database?.close(timeoutMs);
        health.stop();
        health.persist();
      })();
      return closing;
    },
  };
}

function probeDirectory(sink: string, dir: string, secrets: readonly string[]): void {
  const probe = path.join(dir, `.probe-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, 'ok\n');
    fs.rmSync(probe);
  } catch (error) {
    throw toSinkError(sink, dir, error, secrets);
  }
}

/** The logs directory and its `runs/` must be writable: `LOG_SINK_FAILED` naming the directory and the fix, else. */
function probeLogsDirectory(logsDir: string, secrets: readonly string[]): void {
  try {
    probeDirectory('logs_dir', logsDir, secrets);
    probeDirectory('logs_dir', path.join(logsDir, RUNS_DIR), secrets);
  } catch (error) {
    const sinkError = error as ProofsheetError;
    throw new ProofsheetError(
      'LOG_SINK_FAILED',
      `${sinkError.message}. Make ${redactText(logsDir, secrets)} writable (owner and mode, "chattr -i" if immutable, free space) or point paths.logs at a writable directory, then run the command again`,
      { cause: sinkError.cause, details: sinkError.details },
    );
  }
}

function probeMirror(dir: string, health: HealthBoard, warn: (line: string) => void, secrets: readonly string[]): void {
  const monitor = health.addSink('mirror', false);
  try {
    probeDirectory('mirror', dir, secrets);
    monitor.recordWrite(0);
  } catch (error) {
    monitor.recordFailure(error, 0);
    warn(`warning: optional log sink "mirror" is unavailable: ${(error as Error).message}`);
  }
}

async function openDatabase(
  config: NonNullable<LogRuntimeOptions['database']>,
  health: HealthBoard,
  secrets: readonly string[],
  warn: (line: string) => void,
  loggers: ReadonlySet<Logger>,
  options: LogRuntimeOptions,
): Promise<DatabaseSink> {
  const monitor = health.addSink('database', config.required);
  const onEvent = (event: DatabaseSinkEvent): void => reportDatabaseEvent(event, config.store.target, loggers, warn);
  const sink = await openDatabaseSink({
    store: config.store,
    monitor,
    failOnStart: config.required,
    secrets,
    onEvent,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.databaseIntervalMs ? { intervalMs: options.databaseIntervalMs } : {}),
  }).catch((error: unknown) => {
    health.persist();
    throw error;
  });
  if (!monitor.isAlive()) warn(`warning: optional log sink "database" (${config.store.target}) is unavailable: ${monitor.toHealth().last_error ?? 'unknown error'}`);
  return sink;
}

/** A database sink going down or recovering is logged to every open logger's file sinks. */
function reportDatabaseEvent(event: DatabaseSinkEvent, target: string, loggers: ReadonlySet<Logger>, warn: (line: string) => void): void {
  if (loggers.size === 0) {
    warn(event.kind === 'down' ? `warning: log sink "database" (${target}) failed: ${String((event.error as Error)?.message ?? event.error)}` : `log sink "database" (${target}) recovered`);
    return;
  }
  for (const log of loggers) {
    if (event.kind === 'down') log.warn({ event: 'sink_down', sink: 'database', target, err: event.error }, 'log sink failed; retrying with backoff');
    else log.info({ event: 'sink_recovered', sink: 'database', target, gap: event.gap }, 'log sink recovered');
  }
}
