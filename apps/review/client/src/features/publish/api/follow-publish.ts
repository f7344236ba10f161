import { useCallback, useEffect, useRef, useState } from 'react';
import type { PublishEvent, PublishRowEvent, PublishSummary } from '@proofsheet/review/api-types';
import { followEvents } from '../../../lib/api-client';

/** What the page knows of the current (or last) publish, folded from its events. */
export interface PublishState {
  /** `idle`: nothing followed yet; `running`: started, no `end` yet; `ended`: `end` arrived. */
  readonly phase: 'idle' | 'running' | 'ended';
  readonly dryRun: boolean;
  /** The latest progress line of the CLI (`3/10 rows  2.1/s …`). */
  readonly line: string | null;
  /** Each row's result as soon as the CLI reported it, by row id. */
  readonly rows: Readonly<Record<number, PublishRowEvent>>;
  readonly summary: PublishSummary | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
}

const IDLE: PublishState = { phase: 'idle', dryRun: false, line: null, rows: {}, summary: null, exitCode: null, signal: null };

/** Folds one event of `GET /api/publish/events` into the state. */
export function toPublishState(state: PublishState, event: PublishEvent): PublishState {
  switch (event.type) {
    case 'start':
      return { ...IDLE, phase: 'running', dryRun: event.args.includes('--dry-run') };
    case 'row':
      return { ...state, rows: { ...state.rows, [event.id]: event } };
    case 'progress':
      return { ...state, line: event.line };
    case 'summary':
      return { ...state, summary: event.summary as PublishSummary };
    case 'end':
      return { ...state, phase: 'ended', exitCode: event.exit_code, signal: event.signal };
    default:
      return state;
  }
}

/**
 * Follows `GET /api/publish/events` (the server replays the current publish's events first). `follow`
 * starts (again) after a new publish was started; `fromThisPage` tells a publish started here from
 * the replay of an earlier one.
 */
export function usePublishEvents() {
  const [state, setState] = useState<PublishState>(IDLE);
  const [fromThisPage, setFromThisPage] = useState(false);
  const stop = useRef<(() => void) | null>(null);

  const follow = useCallback((startedHere: boolean) => {
    stop.current?.();
    setFromThisPage(startedHere);
    if (startedHere) setState(IDLE);
    stop.current = followEvents('/api/publish/events', (event) => {
      const data = event.data as PublishEvent;
      if (typeof data === 'object' && data !== null && 'type' in data) setState((s) => toPublishState(s, data));
    });
  }, []);

  useEffect(() => {
    follow(false);
    return () => stop.current?.();
  }, [follow]);

  return { state, fromThisPage, follow };
}
