import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../../lib/api-client';

interface Session {
  readonly csrfToken: string;
  readonly auth: 'bearer' | 'cookie';
}

/** `GET /api/session`: proves the cookie works and gives the CSRF token every change must carry. */
export async function getSession(signal?: AbortSignal): Promise<Session> {
  const session = await api.get<Session>('/api/session', undefined, signal, 'low');
  setCsrfToken(session.csrfToken);
  return session;
}

export const getSessionQueryOptions = () => queryOptions({ queryKey: ['session'], queryFn: ({ signal }) => getSession(signal), staleTime: Infinity });

export const useSession = () => useQuery(getSessionQueryOptions());
