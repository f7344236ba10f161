import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GenerateResult } from '@proofsheet/review/api-types';
import { ApiError, postStream, type StreamEvent } from '../../../lib/api-client';

/**
 * `POST /api/rows/:id/generate` as a stream: `progress` events while the captioner works, then
 * `done` (the new values) or `error` (e.g. Ollama down, with what to do).
 */
export async function generateRow(id: number, onProgress: (progress: Record<string, unknown>) => void, signal?: AbortSignal): Promise<GenerateResult> {
  let result: GenerateResult | null = null;
  let failure: ApiError | null = null;
  await postStream(`/api/rows/${id}/generate`, {}, (event: StreamEvent) => {
    if (event.event === 'progress' && typeof event.data === 'object' && event.data !== null) onProgress(event.data as Record<string, unknown>);
    else if (event.event === 'done') result = event.data as GenerateResult;
    else if (event.event === 'error') {
      const body = (event.data as { error?: { code: string; message: string; hint: string } }).error;
      failure = new ApiError(503, body ?? { code: 'GENERATE_FAILED', message: 'the caption was not generated', hint: 'try again' });
    }
  }, signal);
  if (failure !== null) throw failure;
  if (result === null) {
    // A server without the stream answers the reply as plain JSON (older server): not expected, but not silent.
    throw new ApiError(0, { code: 'GENERATE_INCOMPLETE', message: 'the server ended the answer before the caption was ready', hint: 'try Generate again' });
  }
  return result;
}

/** Generate for one row; refreshes the row when done. */
export function useGenerateRow(onProgress: (progress: Record<string, unknown>) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => generateRow(id, onProgress),
    onSettled: async (_data, _error, id) => {
      await queryClient.invalidateQueries({ queryKey: ['row', id] });
      await queryClient.invalidateQueries({ queryKey: ['rows'] });
    },
  });
}
