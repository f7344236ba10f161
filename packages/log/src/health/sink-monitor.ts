import { redactText, type Clock } from '@proofsheet/core';
import type { SinkHealth } from './sink-health.js';

/** Live health statistics of one sink; the sink reports writes and failures to it. */
export interface SinkMonitor {
  readonly name: string;
  readonly required: boolean;
  /** Counts `lines` written successfully. */
  recordWrite(lines: number): void;
  /** Marks the sink down (opening a gap) or, when already down, counts `lost` more lines. */
  recordFailure(error: unknown, lost: number): void;
  /** Counts `lost` lines dropped while the sink is down (no new error). */
  recordLost(lost: number): void;
  /** Marks the sink alive again and closes the open gap. */
  recordRecovered(): void;
  isAlive(): boolean;
  toHealth(): SinkHealth;
}

/** Options for {@link createSinkMonitor}. */
export interface SinkMonitorOptions {
  readonly name: string;
  readonly required: boolean;
  readonly clock: Clock;
  readonly secrets?: readonly string[];
  /** Called when the sink goes down or comes back (not on every write). */
  readonly onChange?: (monitor: SinkMonitor) => void;
}

interface Gap {
  from: string;
  to: string | null;
  lost: number;
}

/** Creates the health statistics of one sink. */
export function createSinkMonitor(options: SinkMonitorOptions): SinkMonitor {
  let alive = true;
  let lines = 0;
  let errors = 0;
  let lastWrite: string | null = null;
  let lastError: string | null = null;
  const gaps: Gap[] = [];
  const now = (): string => options.clock.now().toISOString();
  const monitor: SinkMonitor = {
    name: options.name,
    required: options.required,
    recordWrite(count) {
      lines += count;
      lastWrite = now();
    },
    recordFailure(error, lost) {
      errors += 1;
      lastError = redactText(error instanceof Error ? error.message : String(error), options.secrets ?? []);
      const open = gaps.at(-1);
      if (alive || !open || open.to !== null) gaps.push({ from: now(), to: null, lost });
      else open.lost += lost;
      if (alive) {
        alive = false;
        options.onChange?.(monitor);
      }
    },
    recordLost(lost) {
      const open = gaps.at(-1);
      if (open && open.to === null) open.lost += lost;
    },
    recordRecovered() {
      if (alive) return;
      alive = true;
      const open = gaps.at(-1);
      if (open && open.to === null) open.to = now();
      options.onChange?.(monitor);
    },
    isAlive: () => alive,
    toHealth: () => ({ name: options.name, required: options.required, alive, lines, errors, last_write: lastWrite, last_error: lastError, gaps: gaps.map((g) => ({ ...g })) }),
  };
  return monitor;
}
