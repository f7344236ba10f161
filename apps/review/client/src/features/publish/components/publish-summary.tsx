import type { PublishSummary } from '@proofsheet/review/api-types';
import type { PublishState } from '../api/follow-publish';

type SummaryRow = PublishSummary['rows'][number];

/** A row's name for people: its file name, else its id. */
export const rowLabel = (row: { id: number; File_Name: string | null }): string => row.File_Name ?? `row ${row.id}`;

/** What to do about a row that did not publish, in words. */
function toAction(row: SummaryRow): string {
  if (row.status === 'not_run') return 'not started because the publish stopped; publish again to continue';
  if (row.status === 'skipped') return row.reason;
  return 'open the row, fix it, approve it again if needed, then publish again';
}

/** The one summary after a publish: counts, why it stopped (if it did), and each row that did not publish. */
export function PublishSummaryView({ state }: { state: PublishState }) {
  const { summary } = state;
  if (summary === null) {
    return (
      <div data-testid="publish-summary" className="publish-summary">
        <p role="alert">
          {`The publish ended (exit code ${state.exitCode ?? 'none'}${state.signal !== null ? `, signal ${state.signal}` : ''}) without a summary. Nothing is lost: the journal lets the next publish continue. See logs/publish.log or run "proofsheet triage --publish".`}
        </p>
      </div>
    );
  }
  const problems = summary.rows.filter((r) => r.status !== 'published' && r.status !== 'would_publish');
  return (
    <div data-testid="publish-summary" className="publish-summary">
      <p className="publish-counts">
        <span data-testid="publish-count-published">{`${summary.dry_run ? 'Would publish' : 'Published'} ${summary.published}`}</span>
        {' · '}<span data-testid="publish-count-failed">{`failed ${summary.failed}`}</span>
        {' · '}<span data-testid="publish-count-skipped">{`skipped ${summary.skipped}`}</span>
        {summary.dry_run ? ' (dry run: nothing was changed)' : ''}
      </p>
      {summary.halted !== null ? (
        <div className="error-message" role="alert">
          <p className="error-title">{`The publish stopped: ${summary.halted.message}`}</p>
          <p className="error-hint">Fix the destination, then publish again: it continues where it stopped, and no row is published twice.</p>
          <p className="error-code">{`code ${summary.halted.code}`}</p>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <ul className="publish-problems" aria-label="Rows that were not published">
          {problems.map((row) => (
            <li key={row.id} data-row-id={row.id} className={`publish-problem status-${row.status}`}>
              <a href={`#/rows/${row.id}`}>{rowLabel(row)}</a>
              {row.error_code !== null ? <span className="error-code">{` ${row.error_code}`}</span> : null}
              {row.error_message !== null ? <p className="publish-error">{row.error_message}</p> : null}
              <p className="publish-action">{toAction(row)}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {problems.length === 0 && summary.halted === null ? <p className="ok">{summary.rows.length === 0 ? 'There was nothing to publish.' : 'Every row was published.'}</p> : null}
    </div>
  );
}
