import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NewSet } from '@proofsheet/review/api-types';
import { api, ApiError } from '../../../lib/api-client';

/** `POST /api/sets`: 201 with the new set's id and file counts; 422 `SET_INVALID` lists every problem. */
export const addSet = (set: NewSet): Promise<{ set_id: number; files: number; other_files: number; preview_name: string | null }> => api.post('/api/sets', set);

/** Adding a set; the list is refreshed after. */
export function useAddSet() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: addSet, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sets'] }) });
}

/** One problem of a refused set, as the 422's `details` lists them. */
export interface SetProblem {
  readonly field: string;
  readonly message: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Every problem of a 422 `SET_INVALID` (`error.details`); empty for any other failure. */
export function toSetProblems(error: unknown): SetProblem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as unknown[])
    .filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null)
    .map((d) => ({ field: text(d.field) || 'set', message: text(d.message) }));
}
