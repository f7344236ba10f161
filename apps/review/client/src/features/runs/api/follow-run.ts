import { useEffect, useState } from 'react';
import { followEvents } from '../../../lib/api-client';

/** What the live trace of a running batch says so far. */
export interface RunLive {
  readonly stage: string | null;
  readonly done: number | null;
  readonly total: number | null;
  readonly errors: number;
  readonly ended: boolean;
  /** The latest events in words, newest last. */
  readonly recent: readonly string[];
}

const START: RunLive = { stage: null, done: null, total: null, errors: 0, ended: false, recent: [] };
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Folds one trace event (`stage_start`, `stage_progress`, `stage_complete`, `stage_error`, failed rows, `run_end`) into the live state. */
export function toRunLive(live: RunLive, event: Record<string, unknown>): RunLive {
  const stage = str(event.stage) || live.stage;
  const say = (text: string): RunLive['recent'] => [...live.recent, text].slice(-8);
  switch (event.event) {
    case 'stage_start':
      return { ...live, stage, done: 0, total: num(event.pending), recent: say(`${stage ?? ''}: started, ${num(event.pending) ?? '?'} pending`) };
    case 'stage_progress':
      return { ...live, stage, done: num(event.done), total: num(event.total) ?? live.total };
    case 'stage_complete':
      return { ...live, stage, done: num(event.processed) ?? live.done, recent: say(`${stage ?? ''}: done, ${num(event.processed) ?? '?'} processed in ${((num(event.elapsed_ms) ?? 0) / 1000).toFixed(1)} s`) };
    case 'stage_error':
      return { ...live, errors: live.errors + 1, recent: say(`${stage ?? ''}: error ${str(event.error_code)} ${str((event.err as Record<string, unknown> | undefined)?.message) || str(event.msg)}`.trim()) };
    case 'row_stage_finished':
      return { ...live, errors: live.errors + 1, recent: say(`${stage ?? ''}: row ${String(event.row_id ?? '?')} ${str(event.File_Name)} failed`) };
    case 'run_end':
      return { ...live, ended: true, recent: say(`run finished${str(event.status) ? ` (${str(event.status)})` : ''}`) };
    default:
      return live;
  }
}

/** Follows `GET /api/runs/:id/events` while `running`; `onEnd` is called when the stream ends. */
export function useRunEvents(id: string, running: boolean, onEnd: () => void): RunLive {
  const [live, setLive] = useState<RunLive>(START);
  useEffect(() => {
    if (!running) return undefined;
    setLive(START);
    return followEvents(`/api/runs/${encodeURIComponent(id)}/events`, (event) => {
      if (event.event === 'trace' && typeof event.data === 'object' && event.data !== null) setLive((l) => toRunLive(l, event.data as Record<string, unknown>));
    }, onEnd);
    // onEnd is a refresh; a new function on each render must not restart the stream.
  }, [id, running]);
  return live;
}
