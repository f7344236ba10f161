import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RowPatch, RowPatchResult } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `PATCH /api/rows/:id`: field edits with the version they were made on (409 when it moved on). */
export const updateRow = (id: number, patch: RowPatch): Promise<RowPatchResult> => api.patch<RowPatchResult>(`/api/rows/${id}`, patch);

/** Saves edits; refreshes the row and the lists that show it. */
export function useUpdateRow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: RowPatch }) => updateRow(id, patch),
    onSettled: async (_data, _error, { id }) => {
      await queryClient.invalidateQueries({ queryKey: ['row', id] });
      await queryClient.invalidateQueries({ queryKey: ['rows'] });
    },
  });
}
