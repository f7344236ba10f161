import path from 'node:path';
import { createLineRouter } from '../logger/line-router.js';
import { createLogger, type Logger } from '../logger/create-logger.js';
import type { LogContext } from '../runtime/log-context.js';
import { openFileSink } from '../sinks/file-sink.js';

/** The long-lived process logs under `logs/`: `publish.log` and `review.log`. */
export type ProcessLogName = 'publish' | 'review';

/** A process logger and the way to close its file. */
export interface ProcessLogger {
  /** Bind `run_id`, `File_Name`, `row_id` with `.child({...})`. */
  readonly log: Logger;
  readonly file: string;
  close(): void;
}

/**
 * Opens `logs/<name>.log` (human lines, appended) as a required sink and returns its logger; the
 * records also go to the database sink when one is configured.
 */
export function openProcessLogger(ctx: LogContext, name: ProcessLogName, bindings: Readonly<Record<string, unknown>> = {}): ProcessLogger {
  const file = path.join(ctx.logsDir, `${name}.log`);
  const sink = openFileSink({ file, monitor: ctx.health.addSink(`${name}_log`, true), ...(ctx.retry ? { retry: ctx.retry } : {}) });
  const router = createLineRouter([{ sink, format: 'human' }], ctx.database);
  const log = createLogger({ destination: router, level: ctx.level, secrets: ctx.secrets, bindings: { log: name, ...bindings } });
  const untrack = ctx.track(log);
  let closed = false;
  return {
    log,
    file,
    close() {
      if (closed) return;
      closed = true;
      untrack();
      router.close();
    },
  };
}
