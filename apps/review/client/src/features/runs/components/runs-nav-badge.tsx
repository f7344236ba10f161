import type { RunErrors } from '@proofsheet/review/api-types';
import { useIdle } from '../../../lib/use-idle';
import { useRunErrors } from '../api/get-run-errors';
import { useRuns } from '../api/get-runs';

/** Errors found in a run's logs, each deduplicated error counted as often as it occurred. */
export const toErrorCount = (triage: RunErrors): number => triage.errors.reduce((sum, error) => sum + error.count, 0);

function LatestRunBadge({ runId, running }: { runId: string; running: boolean }) {
  // The triage reads the run's log files: it waits until the page has painted and gone idle.
  const triage = useRunErrors(runId, running, useIdle());
  const count = triage.data === undefined ? 0 : toErrorCount(triage.data);
  if (count === 0) return null;
  return <span className="badge" data-testid="runs-badge" aria-label={`${count} errors`} title={`${count} errors in run ${runId}`}>{count}</span>;
}

/** The error-count badge of the Runs link: the errors of the latest run (as its error panel lists them); nothing when there is none. */
export function RunsNavBadge() {
  const runs = useRuns();
  const latest = runs.data?.[0];
  if (latest === undefined) return null;
  return <LatestRunBadge runId={latest.id} running={latest.status === 'running' && !latest.interrupted} />;
}
