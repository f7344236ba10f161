import fs from 'node:fs';
import path from 'node:path';
import { STAGES, isProofsheetError, type OutcomeKind, type StageName } from '@proofsheet/core';
import type { LogRecord } from '../format/human-line.js';
import { createLineRouter, type LineTarget } from '../logger/line-router.js';
import { createLogger, type Logger } from '../logger/create-logger.js';
import type { LogContext } from '../runtime/log-context.js';
import type { SinkMonitor } from '../health/sink-monitor.js';
import { openFileSink } from '../sinks/file-sink.js';
import { LATEST_RUN_LOG, linkLatestRun, toRunFiles } from './run-files.js';

const LEVELS_BELOW_WARN = new Set(['trace', 'debug', 'info']);

/** One row leaving one stage: the `row_stage_finished` event. */
export interface RowFinished {
  readonly stage: StageName;
  readonly row_id: number | string;
  readonly File_Name?: string | null;
  readonly outcome: OutcomeKind;
  readonly duration_ms: number;
  readonly error_code?: string;
}

/** The logger of one pipeline run: files under `logs/runs/<run_id>/` and the trace events. */
export interface RunLogger {
  readonly runId: string;
  readonly dir: string;
  /** The run's pino logger (bound to `run_id`): bind more with `.child({ row_id })`. */
  readonly log: Logger;
  /** A child bound to `stage` (its lines also go to `stage_<n>.log`). */
  stage(stage: StageName): Logger;
  stageStart(stage: StageName, pending: number): void;
  stageProgress(stage: StageName, progress: { readonly done: number; readonly total: number }): void;
  rowFinished(row: RowFinished): void;
  /** `elapsed_ms` defaults to the time since `stageStart`. */
  stageComplete(stage: StageName, result: { readonly processed: number; readonly elapsed_ms?: number }): void;
  /** Logs `stage_error` once per error object: a caller further up that sees the same error again writes nothing. */
  stageError(stage: StageName, error: unknown): void;
  /** The stage started last and not completed yet (null before the first and between stages). */
  readonly activeStage: StageName | null;
  runEnd(counts: Readonly<Record<string, number>>, status?: string): void;
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Closes the run's file sinks (the shared database sink stays open). Idempotent. */
  close(): void;
}

/** Options for {@link openRunLogger}. */
export interface RunLoggerOptions {
  readonly runId: string;
  /** Fields for the `run_start` event (trigger, set ids, …). */
  readonly start?: Readonly<Record<string, unknown>>;
}

/**
 * Opens the run directory and its sinks (`run.log`, `trace.jsonl`; `stage_<n>.log` as stages
 * start; the `latest_run.log` link; the optional mirror under `logging.sharedDir`) and writes
 * `run_start`. A required file that cannot open throws `LOG_SINK_FAILED`.
 */
export function openRunLogger(ctx: LogContext, options: RunLoggerOptions): RunLogger {
  const { runId } = options;
  const files = toRunFiles(ctx.logsDir, runId);
  const fileSink = (name: string, file: string, required = true, mode: 'append' | 'truncate' = 'append') =>
    openFileSink({ file, mode, monitor: ctx.health.addSink(name, required), failOnOpen: required, ...(ctx.retry ? { retry: ctx.retry } : {}) });
  const targets: LineTarget[] = [
    { sink: fileSink('run_log', files.runLog), format: 'human' },
    { sink: fileSink('trace', files.trace), format: 'json' },
  ];
  if (!linkLatestRun(ctx.logsDir, runId)) {
    fs.rmSync(path.join(ctx.logsDir, LATEST_RUN_LOG), { force: true });
    targets.push({ sink: fileSink('latest_run', path.join(ctx.logsDir, LATEST_RUN_LOG), true, 'truncate'), format: 'human' });
  }
  const mirror = openMirror(ctx, runId);
  targets.push(...mirror.targets);
  const router = createLineRouter(targets, ctx.database);
  const log = createLogger({ destination: router, level: ctx.level, secrets: ctx.secrets, bindings: { run_id: runId } });
  // Trace events are the run's record: they are written even when logging.level is above info.
  const events = LEVELS_BELOW_WARN.has(ctx.level) ? log : createLogger({ destination: router, level: 'info', secrets: ctx.secrets, bindings: { run_id: runId } });
  const untrack = ctx.track(log);
  const stages = new Map<StageName, { readonly log: Logger; readonly events: Logger }>();
  const openStage = (stage: StageName): { readonly log: Logger; readonly events: Logger } => {
    const existing = stages.get(stage);
    if (existing) return existing;
    const accepts = (record: LogRecord) => record.stage === stage;
    const sink = openFileSink({ file: files.stageLog(stage), monitor: ctx.health.addSink(`stage_${STAGES[stage].number}_log`, false), failOnOpen: false });
    router.addTarget({ sink, format: 'human', accepts });
    if (mirror.monitor && ctx.sharedDir !== null) {
      router.addTarget({ sink: openFileSink({ file: toRunFiles(ctx.sharedDir, runId).stageLog(stage), monitor: mirror.monitor, failOnOpen: false }), format: 'human', accepts });
    }
    const child = log.child({ stage });
    const entry = { log: child, events: events === log ? child : events.child({ stage }) };
    stages.set(stage, entry);
    return entry;
  };
  const stageLogger = (stage: StageName): Logger => openStage(stage).events;
  const stageStarted = new Map<StageName, number>();
  const loggedErrors = new WeakSet<object>();
  let activeStage: StageName | null = null;
  let closed = false;
  events.info({ event: 'run_start', pid: process.pid, ...options.start }, 'run started');
  for (const sink of ctx.health.snapshot().filter((s) => !s.alive)) {
    log.warn({ event: 'sink_down', sink: sink.name, required: sink.required, reason: sink.last_error }, 'log sink unavailable');
  }
  ctx.health.persist();
  const healthError = ctx.health.lastPersistError();
  if (healthError !== null) log.warn({ event: 'sink_health_unwritable', reason: healthError }, 'sink health record cannot be written');
  return {
    runId,
    dir: files.dir,
    log,
    stage: (stage) => openStage(stage).log,
    get activeStage() {
      return activeStage;
    },
    stageStart(stage, pending) {
      activeStage = stage;
      stageStarted.set(stage, performance.now());
      stageLogger(stage).info({ event: 'stage_start', stage_number: STAGES[stage].number, pending }, 'stage started');
    },
    stageProgress(stage, progress) {
      stageLogger(stage).info({ event: 'stage_progress', ...progress }, 'stage progress');
    },
    rowFinished(row) {
      const { stage, ...fields } = row;
      const level = row.outcome === 'failed' ? 'warn' : 'info';
      stageLogger(stage)[level]({ event: 'row_stage_finished', ...fields }, 'row finished stage');
    },
    stageComplete(stage, result) {
      const started = stageStarted.get(stage);
      const elapsed = result.elapsed_ms ?? (started === undefined ? 0 : Math.round(performance.now() - started));
      if (activeStage === stage) activeStage = null;
      stageLogger(stage).info({ event: 'stage_complete', processed: result.processed, elapsed_ms: elapsed }, 'stage complete');
    },
    stageError(stage, error) {
      if (typeof error === 'object' && error !== null) {
        if (loggedErrors.has(error)) return;
        loggedErrors.add(error);
      }
      const code = isProofsheetError(error) ? error.code : undefined;
      stageLogger(stage).error({ event: 'stage_error', err: error, ...(code ? { error_code: code } : {}) }, 'stage failed');
    },
    runEnd(counts, status) {
      events.info({ event: 'run_end', counts, ...(status ? { status } : {}) }, 'run finished');
    },
    info: (msg, fields) => log.info({ ...fields }, msg),
    warn: (msg, fields) => log.warn({ ...fields }, msg),
    error: (msg, fields) => log.error({ ...fields }, msg),
    close() {
      if (closed) return;
      closed = true;
      untrack();
      router.close();
      ctx.health.persist();
    },
  };
}

function openMirror(ctx: LogContext, runId: string): { readonly targets: LineTarget[]; readonly monitor: SinkMonitor | null } {
  if (ctx.sharedDir === null) return { targets: [], monitor: null };
  const mirror = toRunFiles(ctx.sharedDir, runId);
  const monitor = ctx.health.addSink('mirror', false);
  const open = (file: string) => openFileSink({ file, monitor, failOnOpen: false, ...(ctx.retry ? { retry: ctx.retry } : {}) });
  const targets: LineTarget[] = [
    { sink: open(mirror.runLog), format: 'human' },
    { sink: open(mirror.trace), format: 'json' },
  ];
  if (!monitor.isAlive()) ctx.warn(`warning: optional log sink "mirror" is unavailable: ${monitor.toHealth().last_error ?? 'unknown error'}`);
  return { targets, monitor };
}
