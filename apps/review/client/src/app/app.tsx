import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { ErrorBoundary } from '../components/ui/error-boundary';
import { createQueryClient } from '../lib/query-client';
import { getRowsQueryOptions } from '../features/rows/api/get-rows';
import { readRowFilter } from '../features/rows/api/row-filter';
import { createAppRouter } from './router';

/**
 * Render-as-you-fetch for the page most sessions open on: when the address is the queue, its first
 * page of rows is requested before React renders anything, so the thumbnails can start a render sooner.
 */
function prefetchOpeningPage(queryClient: QueryClient, hash: string): void {
  const [route = '', search = ''] = hash.replace(/^#/, '').split('?');
  if (route === '' || route === '/' || route === '/queue') void queryClient.prefetchQuery(getRowsQueryOptions(readRowFilter(new URLSearchParams(search)), 1));
}

function createPageQueryClient(): QueryClient {
  const queryClient = createQueryClient();
  prefetchOpeningPage(queryClient, window.location.hash);
  return queryClient;
}

/** The review page: one query cache, one router, an error boundary around everything. */
export function App() {
  const [queryClient] = useState(createPageQueryClient);
  const [router] = useState(createAppRouter);
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
