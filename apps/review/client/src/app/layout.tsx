import { NavLink, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/ui/error-boundary';
import { ErrorMessage } from '../components/ui/error-message';
import { Loading } from '../components/ui/spinner';
import { useSession } from '../features/session/api/get-session';
import { RunsNavBadge } from '../features/runs/components/runs-nav-badge';

const PAGES = [
  { to: '/queue', label: 'Queue' },
  { to: '/publish', label: 'Publish' },
  { to: '/runs', label: 'Runs' },
  { to: '/sets', label: 'Sets' },
  { to: '/stats', label: 'Statistics' },
] as const;

/** Navigation and the current page; nothing renders before the session (and its CSRF token) is known. */
export function Layout() {
  const session = useSession();
  const location = useLocation();
  return (
    <div className="layout">
      <header className="topbar">
        <span className="brand">Proofsheet</span>
        <nav aria-label="Pages">
          {PAGES.map((page) => (
            <NavLink key={page.to} to={page.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
              {page.label}
              {page.to === '/runs' ? <RunsNavBadge /> : null}
            </NavLink>
          ))}
        </nav>
        <span className="topbar-hint">Press <kbd>?</kbd> for shortcuts</span>
      </header>
      <main className="page">
        {session.isPending ? <Loading label="Opening the session…" /> : null}
        {session.isError ? <ErrorMessage error={session.error} title="The session could not be opened" retry={() => void session.refetch()} /> : null}
        {session.isSuccess ? (
          <div data-testid="app-ready" className="page-body">
            <ErrorBoundary resetKey={location.pathname}>
              <Outlet />
            </ErrorBoundary>
          </div>
        ) : null}
      </main>
    </div>
  );
}
