import { useEffect, useState } from 'react';
import type { RowListItem } from '@proofsheet/review/api-types';
import { Dialog } from '../../../components/ui/dialog';
import { ErrorMessage } from '../../../components/ui/error-message';
import { ShortcutsHelp } from '../../../components/ui/shortcuts-help';
import { describeKey, useShortcuts, type Shortcut } from '../../../lib/shortcuts';
import { usePublishEvents, type PublishState } from '../api/follow-publish';
import { useStartPublish } from '../api/start-publish';
import { PublishSummaryView, rowLabel } from './publish-summary';
import '../publish.css';

type Row = Pick<RowListItem, 'id' | 'File_Name'>;

const WORDS: Record<string, string> = {
  published: 'Published', failed: 'Failed', skipped: 'Skipped', not_run: 'Not run', would_publish: 'Would publish', would_fail: 'Would fail',
};

/** The state of one row as the list shows it: from the summary when there is one, else from the phase. */
function toRowState(id: number, state: PublishState, started: boolean): { key: string; words: string } {
  const result = state.summary?.rows.find((r) => r.id === id) ?? state.rows[id];
  if (result !== undefined) return { key: result.status, words: WORDS[result.status] ?? result.status };
  if (!started) return { key: 'ready', words: 'Approved, ready' };
  if (state.phase === 'running') return { key: 'publishing', words: state.dryRun ? 'Checking…' : 'Publishing…' };
  if (state.phase === 'ended') return { key: 'unknown', words: 'No result' };
  return { key: 'waiting', words: 'Waiting' };
}

/** The rows of the list: those shown at the start, then any the publish also took (resumed, re-publish). */
function toRows(shown: readonly Row[], state: PublishState): Row[] {
  const ids = new Set(shown.map((r) => r.id));
  const more = [...Object.values(state.rows), ...(state.summary?.rows ?? [])].filter((r) => !ids.has(r.id) && (ids.add(r.id), true));
  return [...shown, ...more];
}

/**
 * Publish: the approved rows, Publish (and a dry run), each row's progress as the publish goes, then
 * one summary dialog. `approved` is the current list of approved rows; `onFinished` refreshes it.
 */
export function PublishPanel({ approved, approvedTotal, onFinished }: { approved: readonly Row[]; approvedTotal: number; onFinished: () => void }) {
  const { state, fromThisPage, follow } = usePublishEvents();
  const start = useStartPublish();
  const [snapshot, setSnapshot] = useState<readonly Row[] | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(false);
  const running = state.phase === 'running' || start.isPending;
  const started = snapshot !== null || state.phase !== 'idle';

  useEffect(() => {
    if (state.phase !== 'ended' || !fromThisPage) return;
    setSummaryOpen(true);
    onFinished();
  }, [state.phase, fromThisPage, onFinished]);

  const run = (dryRun: boolean) => {
    if (running || (approved.length === 0 && !dryRun)) return;
    setSnapshot(approved);
    setSummaryOpen(false);
    start.mutate(dryRun ? { dryRun: true } : {}, { onSuccess: () => follow(true) });
  };

  const shortcuts: Shortcut[] = [
    { key: 'p', label: 'Publish every approved row', run: () => run(false) },
    { key: 'd', label: 'Dry run: check every approved row, change nothing', run: () => run(true) },
    { key: 's', label: 'Show the summary of the last publish again', run: () => setSummaryOpen(state.phase === 'ended') },
  ];
  useShortcuts(shortcuts);

  // A publish replayed from before this page opened only marks the approved rows it also took.
  const rows = snapshot !== null ? toRows(snapshot, state) : approved;
  return (
    <div className="publish-panel">
      <div className="publish-actions">
        <button type="button" className="approve" data-testid="publish-start" onClick={() => run(false)} disabled={running || approved.length === 0} title={`Publish every approved row (${describeKey({ key: 'p' })})`}>
          {running && !state.dryRun ? 'Publishing…' : `Publish ${approvedTotal} approved`}
        </button>
        <button type="button" data-testid="publish-dry-run" onClick={() => run(true)} disabled={running} title={`Check without changing anything (${describeKey({ key: 'd' })})`}>Dry run</button>
        <button type="button" onClick={() => setSummaryOpen(true)} disabled={state.phase !== 'ended'} title={`Show the last summary (${describeKey({ key: 's' })})`}>Last summary</button>
        <p className="publish-line" role="status" aria-live="polite" data-testid="publish-status">
          {running ? `${Object.keys(state.rows).length} of ${snapshot?.length ?? '?'} rows done${state.line !== null ? ` · ${state.line.trim()}` : ''}` : state.phase === 'ended' ? `Last ${state.dryRun ? 'dry run' : 'publish'}: ${state.summary !== null ? `${state.summary.published} ${state.dryRun ? 'would publish' : 'published'}, ${state.summary.failed} failed, ${state.summary.skipped} skipped` : `ended with exit code ${state.exitCode ?? 'none'}`}` : ''}
        </p>
      </div>
      {start.isError ? <ErrorMessage error={start.error} title="The publish did not start" retry={() => run(false)} /> : null}
      {rows.length === 0 ? <p className="empty">No approved row is waiting. Approve rows in the queue first.</p> : null}
      <ol className="publish-progress" data-testid="publish-progress" aria-label="Rows to publish">
        {rows.map((row) => {
          const rowState = toRowState(row.id, state, started);
          return (
            <li key={row.id} data-row-id={row.id} data-state={rowState.key} className={`publish-row state-${rowState.key}`}>
              <a href={`#/rows/${row.id}`}>{rowLabel(row)}</a>
              <span className="publish-row-state">{rowState.words}</span>
            </li>
          );
        })}
      </ol>
      {approvedTotal > approved.length && snapshot === null ? <p className="help">{`Showing the first ${approved.length} of ${approvedTotal} approved rows; Publish takes them all.`}</p> : null}
      <Dialog open={summaryOpen} title={state.dryRun ? 'Dry run summary' : 'Publish summary'} onClose={() => setSummaryOpen(false)}>
        <PublishSummaryView state={state} />
      </Dialog>
      <ShortcutsHelp shortcuts={shortcuts} />
    </div>
  );
}
