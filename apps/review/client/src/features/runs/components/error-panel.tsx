import { useState } from 'react';
import type { RunErrors } from '@proofsheet/review/api-types';
import { ErrorMessage } from '../../../components/ui/error-message';
import { Loading } from '../../../components/ui/spinner';
import { getRunReport, useRunErrors } from '../api/get-run-errors';

type TriageError = RunErrors['errors'][number];
type Traceback = NonNullable<RunErrors['traceback']>;

const where = (frame: Traceback['frames'][number]): string => `${frame.file ?? '?'}${frame.line !== null ? `:${frame.line}` : ''}`;

/** A stack as a collapsible list of frames, file:line first. */
function StackTrace({ trace }: { trace: Traceback }) {
  return (
    <details className="stack" data-testid="stack-trace">
      <summary>{`Stack trace: ${trace.exception_type ?? 'error'}${trace.exception_message !== null ? `: ${trace.exception_message}` : ''} (${trace.frames.length} frames)`}</summary>
      <ol className="frames">
        {trace.frames.map((frame, index) => (
          <li key={`${index}-${where(frame)}`}>
            <code>{where(frame)}</code>
            {frame.function !== null ? <span className="frame-fn">{` in ${frame.function}`}</span> : null}
            {frame.code !== null ? <pre className="frame-code">{frame.code}</pre> : null}
          </li>
        ))}
      </ol>
      {trace.causes.map((cause, index) => (
        <p key={index} className="cause">{`caused by ${cause.exception_type ?? 'error'}: ${cause.exception_message ?? ''} (${cause.frames.map(where).slice(0, 3).join(', ')})`}</p>
      ))}
      <pre className="stack-raw">{trace.raw}</pre>
    </details>
  );
}

/** One deduplicated error: how often, where, which rows (links to the editor). */
function ErrorEntry({ error }: { error: TriageError }) {
  const rows = error.row_ids.slice(0, 20);
  return (
    <li className="error-entry" data-testid="error-entry" data-dedupe-key={error.dedupe_key}>
      <p className="error-entry-head">
        <span className="error-count" aria-label={`${error.count} times`}>{`×${error.count}`}</span>
        <span className="error-class">{error.error_code ?? error.error_type}</span>
        {error.stage !== null ? <span className="error-stage">{`stage ${error.stage}`}</span> : null}
        {error.first_seen !== null ? <span className="error-seen">{`first ${error.first_seen}`}</span> : null}
      </p>
      <p className="error-text">{error.message}</p>
      {rows.length > 0 ? (
        <p className="error-rows">
          {'Rows: '}
          {rows.map((id, index) => (
            <span key={String(id)}>{index > 0 ? ', ' : ''}<a href={`#/rows/${String(id)}`}>{error.file_names[index] ?? `row ${String(id)}`}</a></span>
          ))}
          {error.row_ids.length > rows.length ? ` and ${error.row_ids.length - rows.length} more` : ''}
        </p>
      ) : null}
    </li>
  );
}

/** Copies the incident report (Markdown, from the server) to the clipboard, and says whether it worked. */
function CopyReport({ runId }: { runId: string }) {
  const [state, setState] = useState<{ kind: 'idle' | 'copying' | 'copied' } | { kind: 'failed'; error: unknown }>({ kind: 'idle' });
  const copy = async () => {
    setState({ kind: 'copying' });
    try {
      await navigator.clipboard.writeText(await getRunReport(runId));
      setState({ kind: 'copied' });
    } catch (error) {
      setState({ kind: 'failed', error });
    }
  };
  return (
    <div className="copy-report">
      <button type="button" data-testid="copy-report" onClick={() => void copy()} disabled={state.kind === 'copying'} title="Copy the incident report (Markdown) to attach to a bug or a support request">Copy report</button>
      <span role="status" aria-live="polite">{state.kind === 'copied' ? 'Report copied.' : state.kind === 'copying' ? 'Copying…' : ''}</span>
      {state.kind === 'failed' ? <ErrorMessage error={state.error} title="The report was not copied" /> : null}
    </div>
  );
}

/** The error panel of one run (SPEC §8): summary, analysis with its fixes, deduplicated errors, the stack. */
export function ErrorPanel({ runId, running }: { runId: string; running: boolean }) {
  const triage = useRunErrors(runId, running);
  if (triage.isPending) return <Loading label="Reading the run's logs…" />;
  if (triage.isError) return <ErrorMessage error={triage.error} title="The errors of this run could not be read" retry={() => void triage.refetch()} />;
  const { data } = triage;
  if (data.errors.length === 0 && data.first_fatal === null) return <p className="ok" data-testid="no-errors">No errors in this run's logs.</p>;
  return (
    <section className="error-panel" data-testid="error-panel" aria-labelledby="error-panel-title">
      <div className="error-panel-head">
        <h2 id="error-panel-title">Errors</h2>
        <p className="error-summary" data-testid="error-summary">{data.error_summary}</p>
        <CopyReport runId={runId} />
      </div>
      {data.analysis !== null ? (
        <div className="analysis" data-testid="analysis">
          <p><strong className="error-type">{data.analysis.error_type}</strong>{` — ${data.analysis.description}`}</p>
          {data.analysis.suggestions.length > 0 ? (
            <ul className="suggestions" aria-label="What to do">
              {data.analysis.suggestions.map((s) => <li key={s}><code>{s}</code></li>)}
            </ul>
          ) : null}
        </div>
      ) : null}
      {data.first_fatal !== null ? (
        <div className="first-fatal" data-testid="first-fatal">
          <h3>First error</h3>
          <p className="fatal-where">{`${data.first_fatal.source} line ${data.first_fatal.line}${data.first_fatal.stage !== null ? ` · stage ${data.first_fatal.stage}` : ''}${data.first_fatal.error_code !== null ? ` · ${data.first_fatal.error_code}` : ''}`}
            {data.first_fatal.row_id !== null ? <>{' · '}<a href={`#/rows/${String(data.first_fatal.row_id)}`}>{data.first_fatal.file_name ?? `row ${String(data.first_fatal.row_id)}`}</a></> : null}
          </p>
          <pre className="fatal-message">{data.first_fatal.message}</pre>
        </div>
      ) : null}
      <h3>{`Errors, deduplicated (${data.errors.length})`}</h3>
      <ul className="error-list">
        {data.errors.map((error) => <ErrorEntry key={error.dedupe_key} error={error} />)}
      </ul>
      {data.traceback !== null ? <StackTrace trace={data.traceback} /> : null}
      <p className="help">{`Rows of this run: ${data.impact.rows} (${Object.entries(data.impact.review_status).map(([status, n]) => `${status} ${n}`).join(', ') || 'none'}). Logs read: ${data.log_files.join(', ') || 'none'}.`}</p>
    </section>
  );
}
