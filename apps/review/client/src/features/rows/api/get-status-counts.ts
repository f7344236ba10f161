import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { RowCounts } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';
import type { RowFilter } from './row-filter';

/** The review statuses an operator counts (SPEC §4), in the order the queue shows them. */
export const COUNTED_STATUSES = ['Pending', 'Metadata_Needs_Work', 'Approved', 'Rejected', 'Published', 'Error', 'Queued'] as const;

/** `GET /api/rows/counts`: rows per review status under the filter (its status and sort aside), in one request. */
export const getStatusCounts = (filter: RowFilter, signal?: AbortSignal): Promise<RowCounts> => {
  const { status: _status, sort: _sort, ...rest } = filter;
  return api.get<RowCounts>('/api/rows/counts', rest, signal);
};

export const getStatusCountsQueryOptions = (filter: RowFilter) => {
  const { status: _status, sort: _sort, ...rest } = filter;
  return queryOptions({ queryKey: ['rows', 'counts', rest], queryFn: ({ signal }) => getStatusCounts(rest, signal) });
};

/** How many rows of the current filter (status aside) are in each review status. */
export function useStatusCounts(filter: RowFilter) {
  const counts = useQuery({ ...getStatusCountsQueryOptions(filter), placeholderData: keepPreviousData });
  return COUNTED_STATUSES.map((status) => ({ status, total: counts.data?.counts[status] ?? null }));
}
