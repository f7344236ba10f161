import { useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ui/error-message';
import { ShortcutsHelp } from '../../components/ui/shortcuts-help';
import { Loading } from '../../components/ui/spinner';
import { describeKey, useShortcuts, type Shortcut } from '../../lib/shortcuts';
import { useRuns } from '../../features/runs/api/get-runs';
import { useResumeRuns } from '../../features/runs/api/resume-runs';
import { RunDetail } from '../../features/runs/components/run-detail';
import { RunsTable } from '../../features/runs/components/runs-table';
import '../../features/runs/runs.css';

/** The Runs page (SPEC §10): runs with per-stage figures, live progress, Resume, errors, log tail. `#/runs?run=<id>` picks one. */
export function RunsRoute() {
  const [params, setParams] = useSearchParams();
  const runs = useRuns();
  const resume = useResumeRuns();
  const list = runs.data ?? [];
  const selectedId = params.get('run') ?? list[0]?.id ?? null;
  const selected = list.find((run) => run.id === selectedId) ?? null;
  const interrupted = list.some((run) => run.interrupted);
  const select = (id: string) => setParams(new URLSearchParams({ run: id }));
  const step = (by: number) => {
    const index = list.findIndex((run) => run.id === selectedId);
    const next = list[Math.max(0, Math.min(list.length - 1, index + by))];
    if (next !== undefined) select(next.id);
  };

  const shortcuts: Shortcut[] = [
    { key: 'j', label: 'Next (older) run', run: () => step(1) },
    { key: 'k', label: 'Previous (newer) run', run: () => step(-1) },
    { key: 'r', label: 'Resume the interrupted runs', run: () => { if (interrupted && !resume.isPending) resume.mutate(); } },
  ];
  useShortcuts(shortcuts);

  return (
    <section className="runs-page" aria-labelledby="runs-title">
      <div className="runs-head">
        <h1 id="runs-title">Runs</h1>
        {interrupted || resume.isPending ? (
          <button type="button" data-testid="resume-runs" onClick={() => resume.mutate()} disabled={resume.isPending} title={`Continue every interrupted run (${describeKey({ key: 'r' })})`}>
            {resume.isPending ? 'Resuming…' : 'Resume the interrupted run'}
          </button>
        ) : null}
        <span role="status" aria-live="polite">{resume.isSuccess ? `Resume started (process ${resume.data.pid}).` : ''}</span>
      </div>
      {resume.isError ? <ErrorMessage error={resume.error} title="Resume did not start" /> : null}
      {runs.isPending ? <Loading label="Loading the runs…" /> : null}
      {runs.isError ? <ErrorMessage error={runs.error} title="The runs could not be loaded" retry={() => void runs.refetch()} /> : null}
      {runs.isSuccess && list.length === 0 ? <p className="empty">No run yet. Start a batch from the Sets page.</p> : null}
      {runs.isSuccess && list.length > 0 ? (
        <div className="runs-body">
          <div className="runs-list"><RunsTable runs={list} selected={selectedId} onSelect={select} /></div>
          <div className="runs-detail">{selected !== null ? <RunDetail key={selected.id} run={selected} /> : <p role="alert">{`There is no run ${selectedId ?? ''} among the recent runs.`}</p>}</div>
        </div>
      ) : null}
      <ShortcutsHelp shortcuts={shortcuts} />
    </section>
  );
}
