import type { Run } from '@proofsheet/review/api-types';
import { countRunErrors, useRuns } from '../api/get-runs';

/** The error count that needs attention: the latest run's, plus that of earlier failed or interrupted runs not yet resumed. */
export function toBadgeCount(runs: readonly Run[]): number {
  const [latest, ...earlier] = runs;
  if (latest === undefined) return 0;
  const unresolved = latest.status === 'completed' ? 0 : earlier.filter((run) => run.status === 'failed' || run.interrupted).reduce((sum, run) => sum + countRunErrors(run), 0);
  return countRunErrors(latest) + unresolved;
}

/** The error-count badge of the Runs link; nothing when there is no error. */
export function RunsNavBadge() {
  const runs = useRuns();
  const count = toBadgeCount(runs.data ?? []);
  if (count === 0) return null;
  return <span className="badge" data-testid="runs-badge" aria-label={`${count} errors`}>{count}</span>;
}
