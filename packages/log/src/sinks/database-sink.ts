import type { LogRecord } from '../format/human-line.js';
import type { LogRecordStore } from '../database/log-record-store.js';
import type { SinkMonitor } from '../health/sink-monitor.js';
import { createBackoff, toSinkError, type RetryPolicy } from './line-sink.js';

/** The database log sink: records are queued and written in batches by a background timer. */
export interface DatabaseSink {
  readonly name: string;
  /** Queues one record; never blocks, never throws. */
  enqueue(record: LogRecord): void;
  /** Writes what is queued, waiting at most `timeoutMs`; resolves even when the database is down. */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes (bounded), stops the worker and closes the store. */
  close(timeoutMs?: number): Promise<void>;
  /** Records queued but not yet written. */
  pending(): number;
}

/** What the sink reports when it goes down or comes back (the runtime logs it to the file sinks). */
export type DatabaseSinkEvent =
  | { readonly kind: 'down'; readonly error: unknown }
  | { readonly kind: 'recovered'; readonly gap: { readonly from: string; readonly to: string | null; readonly lost: number } | undefined };

/** Options for {@link openDatabaseSink}. */
export interface DatabaseSinkOptions {
  readonly store: LogRecordStore;
  readonly monitor: SinkMonitor;
  /** When false, a failed self-test does not throw: the sink starts down and keeps retrying. */
  readonly failOnStart: boolean;
  readonly secrets?: readonly string[];
  readonly batchSize?: number;
  readonly intervalMs?: number;
  /** Records kept while the database is down; older ones are dropped (and counted in the gap). */
  readonly maxBuffer?: number;
  /** A batch insert taking longer than this counts as a failure (default 10 s). */
  readonly insertTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly onEvent?: (event: DatabaseSinkEvent) => void;
}

/**
 * Opens the database sink: runs the store's self-test (write and read back a test event), then
 * starts the background batch writer. A failing self-test throws `LOG_SINK_FAILED` when
 * `failOnStart`, else the sink starts down, is reported, and reconnects with backoff.
 */
export async function openDatabaseSink(options: DatabaseSinkOptions): Promise<DatabaseSink> {
  const { store, monitor } = options;
  const backoff = createBackoff(options.retry ?? { initialMs: 250, maxMs: 15_000 });
  const batchSize = options.batchSize ?? 200;
  const maxBuffer = options.maxBuffer ?? 20_000;
  const buffer: LogRecord[] = [];
  let ready = false;
  let busy: Promise<void> | null = null;
  let stopped = false;

  const markDown = (error: unknown): void => {
    backoff.failed();
    const wasAlive = monitor.isAlive();
    monitor.recordFailure(error, 0);
    if (wasAlive) options.onEvent?.({ kind: 'down', error });
  };
  const markUp = (): void => {
    backoff.reset();
    if (monitor.isAlive()) return;
    monitor.recordRecovered();
    options.onEvent?.({ kind: 'recovered', gap: monitor.toHealth().gaps.at(-1) });
  };
  const writeBatch = async (): Promise<void> => {
    if (!ready) {
      await withTimeout(store.selfTest(), options.insertTimeoutMs ?? 10_000);
      ready = true;
    }
    const batch = buffer.splice(0, batchSize);
    if (batch.length === 0) return markUp();
    try {
      await withTimeout(store.insertBatch(batch), options.insertTimeoutMs ?? 10_000);
    } catch (error) {
      buffer.unshift(...batch);
      throw error;
    }
    monitor.recordWrite(batch.length);
    markUp();
  };
  const tick = (): Promise<void> => {
    if (busy || (!monitor.isAlive() && !backoff.ready())) return busy ?? Promise.resolve();
    if (ready && buffer.length === 0) return Promise.resolve();
    busy = writeBatch()
      .catch(markDown)
      .finally(() => {
        busy = null;
      });
    return busy;
  };

  try {
    await store.selfTest();
    ready = true;
  } catch (error) {
    if (options.failOnStart) {
      monitor.recordFailure(error, 0);
      await store.close().catch(() => undefined);
      throw toSinkError(monitor.name, store.target, error, options.secrets);
    }
    backoff.failed();
    monitor.recordFailure(error, 0);
  }
  const timer = setInterval(() => void tick(), options.intervalMs ?? 250);
  timer.unref();

  const drain = async (): Promise<void> => {
    if (busy) await busy;
    while (buffer.length > 0 && monitor.isAlive()) await tick();
  };
  const flush = async (timeoutMs = 3000): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([drain(), deadline]).finally(() => clearTimeout(timer));
  };
  return {
    name: monitor.name,
    enqueue(record) {
      if (stopped) return;
      buffer.push(record);
      if (buffer.length > maxBuffer) {
        const dropped = buffer.splice(0, buffer.length - maxBuffer).length;
        monitor.recordLost(dropped);
      }
    },
    flush,
    async close(timeoutMs = 3000) {
      await flush(timeoutMs);
      stopped = true;
      clearInterval(timer);
      if (busy) await busy;
      if (buffer.length > 0) monitor.recordLost(buffer.length);
      await store.close().catch(() => undefined);
    },
    pending: () => buffer.length,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
