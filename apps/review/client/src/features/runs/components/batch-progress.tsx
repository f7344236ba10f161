import { useQueryClient } from '@tanstack/react-query';
import { useRuns } from '../api/get-runs';
import { LiveProgress } from './run-detail';
import '../runs.css';

/**
 * The batch started at `since` (ms since the epoch): waits for its run to appear, then shows its live
 * progress while it runs and its outcome after, with a link to it on the Runs page.
 */
export function BatchProgress({ since }: { since: number }) {
  const queryClient = useQueryClient();
  const runs = useRuns();
  // The child process records its run a moment after it was started; allow for clock rounding.
  const run = runs.data?.find((r) => Date.parse(r.started_at) >= since - 2_000);
  if (run === undefined) return <p className="loading" role="status" data-testid="batch-progress">Starting the batch…</p>;
  const running = run.status === 'running' && !run.interrupted;
  return (
    <div className="batch-progress" data-testid="batch-progress" data-run-id={run.id} data-status={run.status}>
      <p>
        {`Batch ${run.id}: ${running ? 'running' : run.status}. `}
        <a href={`#/runs?run=${encodeURIComponent(run.id)}`}>{running ? 'Watch it on the Runs page' : 'See it on the Runs page'}</a>
      </p>
      {running ? <LiveProgress runId={run.id} onEnd={() => void queryClient.invalidateQueries({ queryKey: ['runs'] })} /> : null}
    </div>
  );
}
