import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SetItem } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `GET /api/sets`. */
export const getSets = (signal?: AbortSignal): Promise<SetItem[]> => api.get<SetItem[]>('/api/sets', undefined, signal);

export const getSetsQueryOptions = () => queryOptions({ queryKey: ['sets'], queryFn: ({ signal }) => getSets(signal) });

export const useSets = () => useQuery(getSetsQueryOptions());
