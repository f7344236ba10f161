import type { Clock } from '@proofsheet/core';
import type { HealthBoard } from '../health/health-board.js';
import type { LogLevel, Logger } from '../logger/create-logger.js';
import type { DatabaseSink } from '../sinks/database-sink.js';
import type { RetryPolicy } from '../sinks/line-sink.js';

/** What every logger of one process shares: where logs go, secrets, health and the database sink. */
export interface LogContext {
  readonly logsDir: string;
  readonly level: LogLevel;
  readonly secrets: readonly string[];
  readonly clock: Clock;
  readonly health: HealthBoard;
  readonly database: DatabaseSink | null;
  /** `logging.sharedDir`: run directories are mirrored under it when set. */
  readonly sharedDir: string | null;
  readonly retry?: RetryPolicy;
  /** A warning for the operator (stderr); optional sinks that fail are announced here. */
  readonly warn: (line: string) => void;
  /** Tracks open loggers so that sink failures can be logged to the sinks still working. */
  readonly track: (logger: Logger) => () => void;
}
