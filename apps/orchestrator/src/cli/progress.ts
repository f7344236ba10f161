import type { Io } from './io.js';

/** Counts for one progress update. */
export interface Progress {
  readonly done: number;
  readonly total: number;
  /** Bytes moved so far, when the work moves bytes (publish): adds MB/s. */
  readonly bytes?: number;
}

const BAR_WIDTH = 24;

function toClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** `12/30 rows  2.1/s  3.4 MB/s  ETA 0:09` (with a bar when `bar` is set); rate, throughput and ETA once measurable. */
export function formatProgress(label: string, progress: Progress, elapsedMs: number, bar = false): string {
  const { done, total } = progress;
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  const eta = rate > 0 && done < total ? `  ETA ${toClock((total - done) / rate)}` : '';
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
  const prefix = bar ? `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` : '';
  const throughput = progress.bytes !== undefined && elapsedMs > 0 ? `  ${(progress.bytes / 1024 ** 2 / (elapsedMs / 1000)).toFixed(1)} MB/s` : '';
  return `${prefix}${done}/${total} ${label}  ${rate.toFixed(1)}/s${throughput}${eta}`;
}

/**
 * A progress reporter for long work: on a terminal one bar redrawn in place on stderr; otherwise a
 * plain line at most every `intervalMs` (and at the end), so logs and pipes stay readable.
 */
export function createProgressReporter(io: Io, label: string, options: { now?: () => number; intervalMs?: number } = {}): (progress: Progress) => void {
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.intervalMs ?? 5000;
  const started = now();
  let lastLine = -Infinity;
  return (progress) => {
    const elapsed = now() - started;
    const finished = progress.done >= progress.total;
    if (io.isTty) {
      io.progress(formatProgress(label, progress, elapsed, true), finished);
      return;
    }
    if (!finished && elapsed - lastLine < intervalMs) return;
    lastLine = elapsed;
    io.err(`  ${formatProgress(label, progress, elapsed)}`);
  };
}
