import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SetItem } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `GET /api/sets` (low priority: the queue's filter list can fill in after the photos). */
export const getSets = (signal?: AbortSignal): Promise<SetItem[]> => api.get<SetItem[]>('/api/sets', undefined, signal, 'low');

export const getSetsQueryOptions = () => queryOptions({ queryKey: ['sets'], queryFn: ({ signal }) => getSets(signal) });

export const useSets = () => useQuery(getSetsQueryOptions());
