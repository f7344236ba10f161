import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { ReviewStats, StatsQueryParams } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `GET /api/stats?since=`: review statistics from the row history. */
export const getStats = (query: StatsQueryParams, signal?: AbortSignal): Promise<ReviewStats> => api.get<ReviewStats>('/api/stats', { ...query }, signal);

export const getStatsQueryOptions = (query: StatsQueryParams) => queryOptions({ queryKey: ['stats', query], queryFn: ({ signal }) => getStats(query, signal) });

/** The statistics of a window; the previous window stays shown while another loads. */
export const useStats = (query: StatsQueryParams) => useQuery({ ...getStatsQueryOptions(query), placeholderData: keepPreviousData });
