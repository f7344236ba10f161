import fs from 'node:fs';
import path from 'node:path';
import type { SinkMonitor } from '../health/sink-monitor.js';
import { createBackoff, toSinkError, type LineSink, type RetryPolicy } from './line-sink.js';

/** Options for {@link openFileSink}. */
export interface FileSinkOptions {
  readonly file: string;
  readonly monitor: SinkMonitor;
  /** `truncate` starts the file empty (a fresh copy); default `append`. */
  readonly mode?: 'append' | 'truncate';
  readonly retry?: RetryPolicy;
  /** When false, a file that cannot open is recorded as a failure and retried later instead of throwing. */
  readonly failOnOpen?: boolean;
}

/**
 * Opens a file sink now (creating its directory), so a file that cannot be written fails at
 * startup with `LOG_SINK_FAILED`. Lines are written synchronously: nothing is buffered, so a
 * SIGTERM, an uncaught exception or `process.exit` loses nothing already logged. A write that
 * fails marks the sink down (a gap opens); later writes reopen it with backoff.
 */
export function openFileSink(options: FileSinkOptions): LineSink {
  const { file, monitor } = options;
  const backoff = createBackoff(options.retry);
  let fd: number | null = null;
  let closed = false;
  try {
    fd = openFd(file, options.mode === 'truncate' ? 'w' : 'a', monitor.name);
  } catch (error) {
    if (options.failOnOpen !== false) throw error;
    backoff.failed();
    monitor.recordFailure(error, 0);
  }
  const fail = (error: unknown): void => {
    if (fd !== null) closeQuietly(fd);
    fd = null;
    backoff.failed();
    monitor.recordFailure(error, 1);
  };
  return {
    name: monitor.name,
    write(line) {
      if (closed) return;
      if (fd === null) {
        if (!backoff.ready()) return monitor.recordLost(1);
        try {
          fd = openFd(file, 'a', monitor.name);
        } catch (error) {
          return fail(error);
        }
      }
      try {
        writeFully(fd, line);
        backoff.reset();
        monitor.recordRecovered();
        monitor.recordWrite(1);
      } catch (error) {
        fail(error);
      }
    },
    close() {
      closed = true;
      if (fd !== null) closeQuietly(fd);
      fd = null;
    },
  };
}

function openFd(file: string, flags: 'a' | 'w', sink: string): number {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return fs.openSync(file, flags);
  } catch (error) {
    throw toSinkError(sink, file, error);
  }
}

/** Writes all of `line` (a full disk can accept part of it; the rest then fails with ENOSPC). */
function writeFully(fd: number, line: string): void {
  const bytes = Buffer.from(line);
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already unusable; nothing to release
  }
}
