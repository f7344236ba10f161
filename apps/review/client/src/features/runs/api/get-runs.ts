import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Run } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** Runs the page lists (newest first). */
export const RUNS_LIMIT = 50;

/** `GET /api/runs`: the recent runs with per-stage timings and counts (low priority: the queue's filter list and the nav badge can wait for the photos). */
export const getRuns = (limit = RUNS_LIMIT, signal?: AbortSignal): Promise<Run[]> => api.get<Run[]>('/api/runs', { limit }, signal, 'low');

export const getRunsQueryOptions = (limit = RUNS_LIMIT) => queryOptions({ queryKey: ['runs', limit], queryFn: ({ signal }) => getRuns(limit, signal) });

/** The runs; polled every few seconds while one of them is running, so a batch started elsewhere shows up. */
export const useRuns = (limit = RUNS_LIMIT) =>
  useQuery({ ...getRunsQueryOptions(limit), refetchInterval: (query) => (query.state.data?.some((run) => run.status === 'running') ? 3_000 : 15_000) });

/** Errors a run recorded (stage errors in its trace). */
export const countRunErrors = (run: Run): number => run.stages.reduce((sum, stage) => sum + stage.errors, 0);
