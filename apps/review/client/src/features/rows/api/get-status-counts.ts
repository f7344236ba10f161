import { useQueries } from '@tanstack/react-query';
import type { RowList } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';
import type { RowFilter } from './row-filter';

/** The review statuses an operator counts (SPEC §4), in the order the queue shows them. */
export const COUNTED_STATUSES = ['Pending', 'Metadata_Needs_Work', 'Approved', 'Rejected', 'Published', 'Error', 'Queued'] as const;

/** How many rows of the current filter (status aside) are in each review status: a one-row page each. */
export function useStatusCounts(filter: RowFilter) {
  const { status: _ignored, ...rest } = filter;
  const results = useQueries({
    queries: COUNTED_STATUSES.map((status) => ({
      queryKey: ['rows', 'count', rest, status],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<RowList>('/api/rows', { ...rest, status, page: 1, pageSize: 1 }, signal),
    })),
  });
  return COUNTED_STATUSES.map((status, i) => ({ status, total: results[i]?.data?.total ?? null }));
}
