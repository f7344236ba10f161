import { createHashRouter, Navigate, useRouteError } from 'react-router';
import { ErrorMessage } from '../components/ui/error-message';
import { Layout } from './layout';
import { EditorRoute } from './routes/editor';
import { PublishRoute } from './routes/publish';
import { QueueRoute } from './routes/queue';
import { RunsRoute } from './routes/runs';
import { SetsRoute } from './routes/sets';
import { StatsRoute } from './routes/stats';

function RouteError() {
  return <ErrorMessage error={useRouteError()} title="This page failed to show" retry={() => window.location.reload()} />;
}

/**
 * Hash routes (`#/queue`, `#/rows/12`): the server serves one page and no client path ever
 * reaches it, so there is nothing to map on the server side.
 */
export function createAppRouter() {
  return createHashRouter([
    {
      path: '/',
      element: <Layout />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <Navigate to="/queue" replace /> },
        { path: 'queue', element: <QueueRoute />, errorElement: <RouteError /> },
        { path: 'rows/:id', element: <EditorRoute />, errorElement: <RouteError /> },
        { path: 'publish', element: <PublishRoute />, errorElement: <RouteError /> },
        { path: 'runs', element: <RunsRoute />, errorElement: <RouteError /> },
        { path: 'sets', element: <SetsRoute />, errorElement: <RouteError /> },
        { path: 'stats', element: <StatsRoute />, errorElement: <RouteError /> },
        { path: '*', element: <p>There is no such page. <a href="#/queue">Go to the queue</a>.</p> },
      ],
    },
  ]);
}
