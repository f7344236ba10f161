import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BulkDecisionResult, Decision, DecisionResult } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `POST /api/rows/:id/decision`. */
export const decideRow = (id: number, decision: Decision): Promise<DecisionResult> => api.post<DecisionResult>(`/api/rows/${id}/decision`, { decision });

/** `POST /api/rows/decision`: the same rules per row; refused rows come back with their reason. */
export const decideRows = (ids: readonly number[], decision: Decision): Promise<BulkDecisionResult> => api.post<BulkDecisionResult>('/api/rows/decision', { ids, decision });

/** Decisions on one or many rows; every cached row and list is refreshed after. */
export function useDecideRows() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, decision }: { ids: readonly number[]; decision: Decision }) => decideRows(ids, decision),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ['rows'] });
      await queryClient.invalidateQueries({ queryKey: ['row'] });
    },
  });
}
