import { NavLink, Outlet, useLocation } from 'react-router';
import { ErrorBoundary } from '../components/ui/error-boundary';
import { ErrorMessage } from '../components/ui/error-message';
import { useSession } from '../features/session/api/get-session';
import { RunsNavBadge } from '../features/runs/components/runs-nav-badge';

const PAGES = [
  { to: '/queue', label: 'Queue' },
  { to: '/publish', label: 'Publish' },
  { to: '/runs', label: 'Runs' },
  { to: '/sets', label: 'Sets' },
  { to: '/stats', label: 'Statistics' },
] as const;

/**
 * Navigation and the current page. The page loads its data at once; the session (its CSRF token)
 * loads beside it, and an invalid session shows its error above the page.
 */
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
        {session.isError ? <ErrorMessage error={session.error} title="The session could not be opened" retry={() => void session.refetch()} /> : null}
        <div data-testid="app-ready" className="page-body">
          <ErrorBoundary resetKey={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        </div>
      </main>
    </div>
  );
}
