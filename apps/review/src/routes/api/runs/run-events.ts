import { readAppended, toRunFiles } from '@proofsheet/log';

/** Whether a trace event is worth sending live: everything but the per-row successes (10,000 of them in a big run). */
function isLiveEvent(event: Record<string, unknown>): boolean {
  return !(event.event === 'row_stage_finished' && event.outcome !== 'failed');
}

/** Options of {@link followRunTrace}. */
export interface FollowTraceOptions {
  readonly pollMs: number;
  /** Whether the run is still running (its row in the database), checked when the trace is quiet. */
  readonly isRunning: () => boolean;
  readonly signal: AbortSignal;
}

/**
 * Sends every event of run `runId`'s `trace.jsonl` (stage starts, progress, completions, errors,
 * failed rows, the run's end) to `send`, from the beginning and then as the CLI appends them,
 * until `run_end` arrives, the run is no longer running and the trace is quiet, or `signal` aborts.
 */
export async function followRunTrace(logsDir: string, runId: string, send: (event: Record<string, unknown>) => void, options: FollowTraceOptions): Promise<void> {
  const file = toRunFiles(logsDir, runId).trace;
  let offset = 0;
  let partial = '';
  for (;;) {
    const chunk = readAppended(file, offset);
    offset += chunk.length;
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (isLiveEvent(event)) send(event);
      if (event.event === 'run_end') return;
    }
    if (options.signal.aborted || (chunk.length === 0 && !options.isRunning())) return;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
