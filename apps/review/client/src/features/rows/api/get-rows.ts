import { keepPreviousData, queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import type { RowList } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';
import type { RowFilter } from './row-filter';

/** Rows per page of the grid: small enough to answer fast deep into 50,000 rows. */
export const PAGE_SIZE = 100;

/** `GET /api/rows`: one page (1-based) of the filtered queue. */
export const getRows = (filter: RowFilter, page: number, pageSize = PAGE_SIZE, signal?: AbortSignal): Promise<RowList> =>
  api.get<RowList>('/api/rows', { ...filter, page, pageSize }, signal);

export const getRowsQueryOptions = (filter: RowFilter, page: number, pageSize = PAGE_SIZE) =>
  queryOptions({ queryKey: ['rows', filter, page, pageSize], queryFn: ({ signal }) => getRows(filter, page, pageSize, signal) });

/** One page; keeps showing the previous answer while a new filter loads. */
export const useRows = (filter: RowFilter, page: number, pageSize = PAGE_SIZE) => useQuery({ ...getRowsQueryOptions(filter, page, pageSize), placeholderData: keepPreviousData });

/**
 * The pages the grid currently shows (only those: the grid never loads every row). A page outside
 * `fetchable` shows what the cache holds but is not fetched (the grid passes the pages the view
 * rested on, so a fast scroll across 50,000 rows fetches only where it stops).
 */
export const useRowPages = (filter: RowFilter, pages: readonly number[], fetchable: ReadonlySet<number>) =>
  useQueries({ queries: pages.map((page) => ({ ...getRowsQueryOptions(filter, page), enabled: fetchable.has(page) })) });
