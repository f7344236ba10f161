import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GenerateEvent, GenerateProgressData, GenerateResult } from '@proofsheet/review/api-types';
import { ApiError, postStream } from '../../../lib/api-client';

/**
 * `POST /api/rows/:id/generate` as a stream: `progress` events while the captioner works, then
 * exactly one `done` (the new values) or `error` (e.g. Ollama down, with what to do).
 */
export async function generateRow(id: number, onProgress: (progress: GenerateProgressData) => void, signal?: AbortSignal): Promise<GenerateResult> {
  let result: GenerateResult | null = null;
  let failure: ApiError | null = null;
  await postStream(`/api/rows/${id}/generate`, {}, (raw) => {
    const event = raw as GenerateEvent;
    if (event.event === 'progress') onProgress(event.data);
    else if (event.event === 'done') result = event.data;
    else if (event.event === 'error') failure = new ApiError(503, event.data.error);
  }, signal);
  if (failure !== null) throw failure;
  if (result === null) throw new ApiError(0, { code: 'GENERATE_INCOMPLETE', message: 'the server ended the answer before the caption was ready', hint: 'try Generate again' });
  return result;
}

/** Generate for one row; refreshes the row when done. */
export function useGenerateRow(onProgress: (progress: GenerateProgressData) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => generateRow(id, onProgress),
    onSettled: async (_data, _error, id) => {
      await queryClient.invalidateQueries({ queryKey: ['row', id] });
      await queryClient.invalidateQueries({ queryKey: ['rows'] });
    },
  });
}
