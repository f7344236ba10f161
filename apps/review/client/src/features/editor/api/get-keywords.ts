import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** `GET /api/keywords?prefix=`: keywords already used in the catalog, most used first. */
export const getKeywords = (prefix: string, signal?: AbortSignal): Promise<{ keywords: Array<{ keyword: string; count: number }> }> =>
  api.get('/api/keywords', { prefix, limit: 20 }, signal);

export const useKeywordSuggestions = (prefix: string) =>
  useQuery({ queryKey: ['keywords', prefix], queryFn: ({ signal }) => getKeywords(prefix, signal), placeholderData: keepPreviousData, staleTime: 60_000, retry: false });
