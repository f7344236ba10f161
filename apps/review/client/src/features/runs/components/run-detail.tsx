import { useQueryClient } from '@tanstack/react-query';
import type { Run } from '@proofsheet/review/api-types';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/spinner';
import { useRunEvents } from '../api/follow-run';
import { LOG_LINES, useRunLog } from '../api/get-run-log';
import { ErrorPanel } from './error-panel';
import { toDuration } from './runs-table';

/** The stages of a run: rows pending, processed, errors, time. */
function StagesTable({ run }: { run: Run }) {
  if (run.stages.length === 0) return <p className="help">This run has no trace, so no per-stage figures.</p>;
  return (
    <table className="stages-table" data-testid="run-stages">
      <caption>{`Stages of ${run.id}`}</caption>
      <thead>
        <tr><th scope="col">#</th><th scope="col">Stage</th><th scope="col">Pending</th><th scope="col">Processed</th><th scope="col">Errors</th><th scope="col">Time</th></tr>
      </thead>
      <tbody>
        {run.stages.map((stage) => (
          <tr key={stage.stage}>
            <td>{stage.number ?? ''}</td>
            <th scope="row">{stage.stage}</th>
            <td>{stage.pending ?? '—'}</td>
            <td>{stage.processed ?? '—'}</td>
            <td className={stage.errors > 0 ? 'has-errors' : undefined}>{stage.errors}</td>
            <td>{toDuration(stage.elapsed_ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Live progress of a running batch, from its trace events; `onEnd` when its stream ends. */
export function LiveProgress({ runId, onEnd }: { runId: string; onEnd: () => void }) {
  const live = useRunEvents(runId, true, onEnd);
  const share = live.done !== null && live.total !== null && live.total > 0 ? Math.min(1, live.done / live.total) : null;
  return (
    <div className="run-live" data-testid="run-live">
      <p role="status" aria-live="polite">
        {live.stage === null ? 'Waiting for the first stage…' : `Stage ${live.stage}: ${live.done ?? 0} of ${live.total ?? '?'} rows${live.errors > 0 ? `, ${live.errors} error(s)` : ''}`}
      </p>
      {share !== null ? <progress max={1} value={share} aria-label={`Stage ${live.stage ?? ''} progress`} /> : null}
      <ul className="run-live-events">{live.recent.map((line, index) => <li key={`${index}-${line}`}>{line}</li>)}</ul>
    </div>
  );
}

/** The last lines of the run's log, as text. */
function LogTail({ runId, running }: { runId: string; running: boolean }) {
  const log = useRunLog(runId, running);
  if (log.isPending) return <Loading label="Loading the log…" />;
  if (log.isError) return <ErrorMessage error={log.error} title="The log could not be read" retry={() => void log.refetch()} />;
  return (
    <details className="log-tail" open>
      <summary>{`Log: last ${LOG_LINES} lines of run.log`}</summary>
      <pre data-testid="run-log" tabIndex={0} aria-label="Run log">{log.data.lines.length === 0 ? '(the log is empty)' : log.data.lines.join('\n')}</pre>
    </details>
  );
}

/** One run: live progress while it runs, its stages, its errors, its log. */
export function RunDetail({ run }: { run: Run }) {
  const queryClient = useQueryClient();
  const running = run.status === 'running' && !run.interrupted;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['runs'] });
    void queryClient.invalidateQueries({ queryKey: ['run-errors', run.id] });
    void queryClient.invalidateQueries({ queryKey: ['run-log', run.id] });
  };
  return (
    <section className="run-detail" aria-labelledby="run-detail-title">
      <h2 id="run-detail-title">{`${run.id} · ${run.interrupted ? 'interrupted (resume continues it)' : run.status}`}</h2>
      {running ? <LiveProgress runId={run.id} onEnd={refresh} /> : null}
      <StagesTable run={run} />
      <ErrorPanel runId={run.id} running={running} />
      <LogTail runId={run.id} running={running} />
    </section>
  );
}
