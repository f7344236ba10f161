import { useMutation } from '@tanstack/react-query';
import type { PublishRequest } from '@proofsheet/review/api-types';
import { api } from '../../../lib/api-client';

/** `POST /api/publish`: starts `proofsheet publish` on the server (202); follow it with `usePublishEvents`. */
export const startPublish = (request: PublishRequest): Promise<unknown> => api.post<unknown>('/api/publish', request);

/** Starting a publish (409 `RUN_IN_PROGRESS` while one runs). */
export const useStartPublish = () => useMutation({ mutationFn: startPublish });
