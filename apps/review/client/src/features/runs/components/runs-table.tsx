import type { Run } from '@proofsheet/review/api-types';
import { countRunErrors } from '../api/get-runs';

/** `12.3 s` / `2 min 05 s`, or a dash. */
export function toDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

const toTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z?$|Z$/, '');

/** The recent runs; choosing one shows it below. */
export function RunsTable({ runs, selected, onSelect }: { runs: readonly Run[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <table className="runs-table">
      <caption>Recent runs, newest first</caption>
      <thead>
        <tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Took</th><th scope="col">Sets</th><th scope="col">Stage errors</th></tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const errors = countRunErrors(run);
          const took = run.ended_at !== null ? Date.parse(run.ended_at) - Date.parse(run.started_at) : null;
          return (
            <tr key={run.id} data-testid="run-row" data-run-id={run.id} className={run.id === selected ? 'selected' : undefined} aria-current={run.id === selected ? 'true' : undefined}>
              <td><button type="button" className="link-button" onClick={() => onSelect(run.id)}>{run.id}</button></td>
              <td><span className={`run-status run-${run.interrupted ? 'interrupted' : run.status}`}>{run.interrupted ? 'interrupted' : run.status}</span></td>
              <td>{toTime(run.started_at)}</td>
              <td>{Number.isFinite(took) ? toDuration(took) : '—'}</td>
              <td>{run.set_ids.join(', ') || 'all'}</td>
              <td className={errors > 0 ? 'has-errors' : undefined}>{errors}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
