import { queryOptions, useQuery } from '@tanstack/react-query';
import type { RunErrors } from '@proofsheet/review/api-types';
import { api, send } from '../../../lib/api-client';

/** `GET /api/runs/:id/errors`: the run's triage (`proofsheet triage --json`). */
export const getRunErrors = (id: string, signal?: AbortSignal): Promise<RunErrors> => api.get<RunErrors>(`/api/runs/${encodeURIComponent(id)}/errors`, undefined, signal, 'low');

export const getRunErrorsQueryOptions = (id: string) => queryOptions({ queryKey: ['run-errors', id], queryFn: ({ signal }) => getRunErrors(id, signal) });

/** The triage of one run; read again while it runs. `enabled: false` holds it back (the nav badge waits for an idle page). */
export const useRunErrors = (id: string, running: boolean, enabled = true) => useQuery({ ...getRunErrorsQueryOptions(id), refetchInterval: running ? 5_000 : false, enabled });

/** `GET /api/runs/:id/report`: the incident report Markdown of `proofsheet triage --report`. */
export const getRunReport = async (id: string): Promise<string> =>
  (await send('GET', `/api/runs/${encodeURIComponent(id)}/report`, { headers: { accept: 'text/markdown' } })).text();
