import fs from 'node:fs';
import { readTrace, toRunFiles } from '@proofsheet/log';

/** One stage of a run as its trace tells it: rows pending at the start, processed, errors and time taken. */
export interface RunStage {
  readonly stage: string;
  readonly number: number | null;
  readonly pending: number | null;
  readonly processed: number | null;
  readonly errors: number;
  readonly elapsed_ms: number | null;
}

const cache = new Map<string, { key: string; stages: RunStage[] }>();

/**
 * Per-stage timings and counts of run `runId`, folded from its `trace.jsonl` (`stage_start`,
 * `stage_complete`, `stage_error`). Cached per trace file size and mtime, so listing runs reads
 * each finished trace once. Empty when the run has no trace.
 */
export function readRunStages(logsDir: string, runId: string): RunStage[] {
  const file = toRunFiles(logsDir, runId).trace;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return [];
  }
  const key = `${stat.size}:${stat.mtimeMs}`;
  const cached = cache.get(runId);
  if (cached?.key === key) return cached.stages;
  const stages = new Map<string, { stage: string; number: number | null; pending: number | null; processed: number | null; errors: number; elapsed_ms: number | null }>();
  for (const event of readTrace(logsDir, runId) as Array<Record<string, unknown>>) {
    const name = typeof event.stage === 'string' ? event.stage : null;
    if (name === null || typeof event.event !== 'string' || !event.event.startsWith('stage_')) continue;
    const entry = stages.get(name) ?? { stage: name, number: null, pending: null, processed: null, errors: 0, elapsed_ms: null };
    if (event.event === 'stage_start') Object.assign(entry, { number: toNumber(event.stage_number), pending: toNumber(event.pending) });
    if (event.event === 'stage_complete') Object.assign(entry, { processed: toNumber(event.processed), elapsed_ms: toNumber(event.elapsed_ms) });
    if (event.event === 'stage_error') entry.errors += 1;
    stages.set(name, entry);
  }
  const list = [...stages.values()].sort((a, b) => (a.number ?? 99) - (b.number ?? 99));
  cache.set(runId, { key, stages: list });
  return list;
}

function toNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
