import type { Clock } from '@proofsheet/core';
import { writeSinkHealth, type SinkHealth } from './sink-health.js';
import { createSinkMonitor, type SinkMonitor } from './sink-monitor.js';

/** Every sink of one process, and the `logs/sink_health.json` record that `status`/`doctor` read. */
export interface HealthBoard {
  /**
   * Registers a sink (replacing an earlier one of the same name, e.g. the previous run's `run_log`)
   * and returns its monitor; a sink that goes down or recovers updates the record.
   */
  addSink(name: string, required: boolean): SinkMonitor;
  /** Current health of every sink. */
  snapshot(): SinkHealth[];
  /** Writes `sink_health.json` now (never throws: a failure is kept in `lastPersistError` and reported through `onPersistError`). */
  persist(): void;
  readonly lastPersistError: () => string | null;
  /** Stops the periodic refresh. */
  stop(): void;
}

/** Options for {@link createHealthBoard}. */
export interface HealthBoardOptions {
  readonly logsDir: string;
  readonly clock: Clock;
  readonly secrets: readonly string[];
  /** Called on every state change (sink down, sink recovered). */
  readonly onChange?: (monitor: SinkMonitor) => void;
  /** Called when writing `sink_health.json` starts failing (once per streak of failures, so never a flood). */
  readonly onPersistError?: (message: string) => void;
  /** Refresh period for the record's counters (default 5 s; 0 disables). */
  readonly refreshMs?: number;
}

/** Creates the health board of a process. */
export function createHealthBoard(options: HealthBoardOptions): HealthBoard {
  const monitors: SinkMonitor[] = [];
  let persistError: string | null = null;
  const persist = (): void => {
    try {
      writeSinkHealth(options.logsDir, monitors.map((m) => m.toHealth()));
      persistError = null;
    } catch (error) {
      const first = persistError === null;
      persistError = error instanceof Error ? error.message : String(error);
      // status and doctor read this record: a stale one must be said, not only kept here.
      if (first) options.onPersistError?.(persistError);
    }
  };
  const refreshMs = options.refreshMs ?? 5000;
  const timer = refreshMs > 0 ? setInterval(persist, refreshMs) : null;
  timer?.unref();
  return {
    addSink(name, required) {
      const monitor = createSinkMonitor({
        name,
        required,
        clock: options.clock,
        secrets: options.secrets,
        onChange: (changed) => {
          persist();
          options.onChange?.(changed);
        },
      });
      const existing = monitors.findIndex((m) => m.name === name);
      if (existing >= 0) monitors.splice(existing, 1, monitor);
      else monitors.push(monitor);
      return monitor;
    },
    snapshot: () => monitors.map((m) => m.toHealth()),
    persist,
    lastPersistError: () => persistError,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
