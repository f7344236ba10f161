import type { ReviewStats } from '@proofsheet/review/api-types';

const toShare = (share: number | null): string => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);
const toHour = (iso: string): string => iso.replace('T', ' ').replace(/:00(\.000)?Z$/, ' UTC');

/** Decisions per clock hour (UTC), with a meter for the eye. */
export function PerHourTable({ stats }: { stats: ReviewStats }) {
  const most = Math.max(1, ...stats.per_hour.map((h) => h.decisions));
  return (
    <table className="stats-table" data-testid="stats-per-hour">
      <caption>Decisions per hour</caption>
      <thead>
        <tr><th scope="col">Hour (UTC)</th><th scope="col">Decisions</th><th scope="col">Approved</th><th scope="col">Rejected</th><th scope="col">Pending</th><th scope="col"><span className="visually-hidden">Share of the busiest hour</span></th></tr>
      </thead>
      <tbody>
        {stats.per_hour.length === 0 ? <tr><td colSpan={6} className="empty-cell">No decision in this window.</td></tr> : null}
        {stats.per_hour.map((hour) => (
          <tr key={hour.hour}>
            <th scope="row">{toHour(hour.hour)}</th>
            <td>{hour.decisions}</td>
            <td>{hour.approved}</td>
            <td>{hour.rejected}</td>
            <td>{hour.pending}</td>
            <td><meter min={0} max={most} value={hour.decisions} aria-label={`${hour.decisions} decisions at ${toHour(hour.hour)}`} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How much AI text was approved without an edit, per field. */
export function AcceptanceTable({ stats }: { stats: ReviewStats }) {
  return (
    <table className="stats-table" data-testid="stats-acceptance">
      <caption>AI text approved unedited, per field</caption>
      <thead>
        <tr><th scope="col">Field</th><th scope="col">Approved with AI text</th><th scope="col">Unedited</th><th scope="col">Share unedited</th></tr>
      </thead>
      <tbody>
        {stats.ai_acceptance.map((row) => (
          <tr key={row.field} data-field={row.field}>
            <th scope="row">{row.field}</th>
            <td>{row.approved}</td>
            <td>{row.unedited}</td>
            <td>{toShare(row.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The same, per model and prompt hash (which caption set-up needs fewest edits). */
export function AcceptanceByModelTable({ stats }: { stats: ReviewStats }) {
  return (
    <table className="stats-table" data-testid="stats-by-model">
      <caption>AI text approved unedited, per model and prompt</caption>
      <thead>
        <tr><th scope="col">Model</th><th scope="col">Prompt hash</th><th scope="col">Field</th><th scope="col">Approved with AI text</th><th scope="col">Unedited</th><th scope="col">Share unedited</th></tr>
      </thead>
      <tbody>
        {stats.ai_acceptance_by_model.length === 0 ? <tr><td colSpan={6} className="empty-cell">No approved row with AI text in this window.</td></tr> : null}
        {stats.ai_acceptance_by_model.map((row) => (
          <tr key={`${row.model ?? ''}-${row.prompt_hash ?? ''}-${row.field}`}>
            <td>{row.model ?? 'unknown'}</td>
            <td><code>{row.prompt_hash ?? '—'}</code></td>
            <th scope="row">{row.field}</th>
            <td>{row.approved}</td>
            <td>{row.unedited}</td>
            <td>{toShare(row.share)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The headline figures: decisions, rows reviewed, median time per row. */
export function StatsSummary({ stats }: { stats: ReviewStats }) {
  const { median, samples, break_after_sec: pause } = stats.seconds_per_row;
  return (
    <dl className="stats-summary" data-testid="stats-summary">
      <div><dt>Decisions</dt><dd data-testid="stats-decisions">{stats.decisions}</dd></div>
      <div><dt>Rows reviewed</dt><dd data-testid="stats-reviewed">{stats.reviewed_rows}</dd></div>
      <div>
        <dt>Median seconds per row</dt>
        <dd data-testid="stats-median">{median === null ? '—' : median.toFixed(1)}</dd>
        <dd className="help">{`from ${samples} gap(s); pauses over ${Math.round(pause / 60)} min left out`}</dd>
      </div>
    </dl>
  );
}
