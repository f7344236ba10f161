import type { RowListQueryParams } from '@proofsheet/review/api-types';

/** The queue's filter and sort, as kept in the page address (`#/queue?status=Pending&q=lake`). */
export type RowFilter = Omit<RowListQueryParams, 'page' | 'pageSize'>;

const KEYS = ['status', 'qc', 'set', 'run', 'q', 'sort'] as const;

/** Reads the filter from URL search parameters; unknown values are left to the server to refuse. */
export function readRowFilter(params: URLSearchParams): RowFilter {
  const filter: Record<string, string | number> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    filter[key] = key === 'set' ? Number(value) : value;
  }
  return filter as RowFilter;
}

/** The filter as URL search parameters (for links that keep it, e.g. queue → editor). */
export function toSearch(filter: RowFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
