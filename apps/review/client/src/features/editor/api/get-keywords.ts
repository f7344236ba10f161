import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { KeywordCompletions } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `GET /api/keywords?prefix=`: keywords already used in the catalog, most used first. */
export const getKeywords = (prefix: string, signal?: AbortSignal): Promise<KeywordCompletions> => api.get<KeywordCompletions>('/api/keywords', { prefix, limit: 20 }, signal);

export const getKeywordsQueryOptions = (prefix: string) =>
  ({ queryKey: ['keywords', prefix], queryFn: ({ signal }: { signal: AbortSignal }) => getKeywords(prefix, signal), staleTime: 60_000 }) as const;

/** Completions for what is typed in the keyword input (the previous list stays while the next loads). */
export const useKeywordSuggestions = (prefix: string) => useQuery({ ...getKeywordsQueryOptions(prefix), placeholderData: keepPreviousData });
