import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { RowDetail } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';
import type { RowFilter } from './row-filter';

/** `GET /api/rows/:id` with the queue filter, so `neighbours` follow what the operator is reviewing. */
export const getRow = (id: number, filter: RowFilter, signal?: AbortSignal): Promise<RowDetail> => api.get<RowDetail>(`/api/rows/${id}`, filter, signal);

export const getRowQueryOptions = (id: number, filter: RowFilter) =>
  queryOptions({ queryKey: ['row', id, filter], queryFn: ({ signal }) => getRow(id, filter, signal), staleTime: 2_000 });

/** One row's detail. Keyed by id: a fast Next never shows the previous row's data under the new id. */
export const useRow = (id: number, filter: RowFilter) => useQuery(getRowQueryOptions(id, filter));

/** The preview image of a row (served by id only). */
export const previewUrl = (id: number) => `/api/images/${id}/preview`;
export const thumbUrl = (id: number) => `/api/images/${id}/thumb`;

/** Loads a neighbour's detail and preview ahead, so Next/Back paint at once. */
export function preloadRow(queryClient: QueryClient, id: number, filter: RowFilter): void {
  void queryClient.prefetchQuery(getRowQueryOptions(id, filter));
  const image = new Image();
  image.decoding = 'async';
  image.src = previewUrl(id);
}
