import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** Lines of the log tail the page shows. */
export const LOG_LINES = 200;

/** `GET /api/runs/:id/log?lines=N`: the last lines of the run's `run.log`. */
export const getRunLog = (id: string, lines = LOG_LINES, signal?: AbortSignal): Promise<{ run_id: string; lines: string[] }> =>
  api.get<{ run_id: string; lines: string[] }>(`/api/runs/${encodeURIComponent(id)}/log`, { lines }, signal);

export const getRunLogQueryOptions = (id: string, lines = LOG_LINES) => queryOptions({ queryKey: ['run-log', id, lines], queryFn: ({ signal }) => getRunLog(id, lines, signal) });

/** The log tail; polled while the run is running. */
export const useRunLog = (id: string, running: boolean) => useQuery({ ...getRunLogQueryOptions(id), refetchInterval: running ? 2_000 : false });
