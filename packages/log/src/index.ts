/**
 * @proofsheet/log — the logging core (SPEC §8): pino loggers with redaction, per-run directories
 * (`run.log`, `trace.jsonl`, `stage_<n>.log`), process logs, crash records, sink health, the
 * database sink (behind the {@link LogRecordStore} port) and log tails.
 */
export { readSinkHealth, writeSinkHealth, SINK_HEALTH_FILE, type SinkHealth } from './health/sink-health.js';
export { createSinkMonitor, type SinkMonitor, type SinkMonitorOptions } from './health/sink-monitor.js';
export { createHealthBoard, type HealthBoard, type HealthBoardOptions } from './health/health-board.js';
export { createLogger, type Logger, type LogLevel, type CreateLoggerOptions } from './logger/create-logger.js';
export { createLineRouter, type LineRouter, type LineTarget } from './logger/line-router.js';
export { toHumanLine, isStageName, type LogRecord } from './format/human-line.js';
export { REDACT_PATHS, redactFields, serializeError, createLineRedactor, type SerializedError } from './redact/log-redaction.js';
export { openFileSink, type FileSinkOptions } from './sinks/file-sink.js';
export { DEFAULT_RETRY, createBackoff, toSinkError, type LineSink, type RetryPolicy, type Backoff } from './sinks/line-sink.js';
export { openDatabaseSink, type DatabaseSink, type DatabaseSinkEvent, type DatabaseSinkOptions } from './sinks/database-sink.js';
export { toSystemLogRow, type LogRecordStore, type SystemLogRow } from './database/log-record-store.js';
export { openRunLogger, type RunLogger, type RunLoggerOptions, type RowFinished } from './run/run-logger.js';
export { toRunFiles, linkLatestRun, RUNS_DIR, LATEST_RUN_LOG, CRASH_LOG, type RunFiles } from './run/run-files.js';
export { openProcessLogger, type ProcessLogger, type ProcessLogName } from './process/process-logger.js';
export { installProcessHooks, HOOK_EXIT, type ProcessHooks, type ProcessHooksOptions, type HookSignal } from './process/process-hooks.js';
export { toCrashText, toStackChain, writeCrashRecord, type CrashTarget } from './process/crash-log.js';
export { isProcessAlive, readProcessIdentity, isSameProcessAlive, parseStatStartTicks, type ProcessIdentity } from './process/process-identity.js';
export { openLogRuntime, type LogRuntime, type LogRuntimeOptions } from './runtime/log-runtime.js';
export type { LogContext } from './runtime/log-context.js';
export {
  findLatestRunId,
  resolveRunId,
  readRunLogTail,
  readTraceTail,
  readTrace,
  readRunLogSize,
  readAppended,
  followRunLog,
  type FollowOptions,
} from './tail/log-tail.js';
export { triageLogFiles, type LogTriage, type TriageError, type FirstFatal } from './triage/triage-log.js';
export { toTriageLogFiles, type TriageLogFileOptions } from './triage/log-files.js';
export { classifyError, type Analysis, type ErrorClass, type ErrorFacts } from './triage/classify.js';
export { parseStackTrace, looksLikeStack, type Traceback, type StackFrame } from './triage/stack-trace.js';
export { normaliseMessage, toStackKey } from './triage/normalise.js';
export { toIncidentMarkdown, type IncidentFacts } from './triage/incident-report.js';
export { pruneLogs, writePreflightReport, PREFLIGHT_DIR, type PruneResult } from './run/retention.js';
