import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RunStart, RunStarted } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `POST /api/runs/resume`: continues every interrupted run (`proofsheet resume` as a child process). */
export const resumeRuns = (): Promise<RunStarted> => api.post<RunStarted>('/api/runs/resume');

/** `POST /api/runs`: starts a batch on the given sets (`proofsheet run`). */
export const startRun = (body: RunStart): Promise<RunStarted> => api.post<RunStarted>('/api/runs', body);

const refreshRunsSoon = (queryClient: ReturnType<typeof useQueryClient>) => async () => {
  // The child process writes its run row a moment after it starts.
  await queryClient.invalidateQueries({ queryKey: ['runs'] });
  setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['runs'] }), 1_000);
};

export const useResumeRuns = () => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: resumeRuns, onSuccess: refreshRunsSoon(queryClient) });
};

export const useStartRun = () => {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: startRun, onSuccess: refreshRunsSoon(queryClient) });
};
