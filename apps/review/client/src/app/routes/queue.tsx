import { useCallback, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ErrorMessage } from '../../components/ui/error-message';
import { ShortcutsHelp } from '../../components/ui/shortcuts-help';
import { Loading } from '../../components/ui/spinner';
import { describeKey, useShortcuts, type Shortcut } from '../../lib/shortcuts';
import { QueueFilters } from '../../features/queue/components/queue-filters';
import { QueueGrid, type GridSelection } from '../../features/queue/components/queue-grid';
import { StatusCounts } from '../../features/queue/components/status-counts';
import { useRows } from '../../features/rows/api/get-rows';
import { readRowFilter, toSearch, type RowFilter } from '../../features/rows/api/row-filter';
import { useDecisions } from '../../features/rows/api/use-decisions';
import { DecisionOutcome } from '../../features/rows/components/decision-outcome';
import { useRuns } from '../../features/runs/api/get-runs';
import { useSets } from '../../features/sets/api/get-sets';

const EMPTY: GridSelection = { ids: new Set(), cursor: 0, anchor: 0 };

/** Queue: filters (sets and runs from their features), counts per status, the virtualised grid, bulk decisions on the selection. */
export function QueueRoute() {
  const [params, setParams] = useSearchParams();
  const filter = readRowFilter(params);
  const navigate = useNavigate();
  const [selection, setSelection] = useState<GridSelection>(EMPTY);
  const first = useRows(filter, 1);
  const sets = useSets();
  const runs = useRuns();
  const decisions = useDecisions();
  const total = first.data?.total ?? 0;

  const onFilter = useCallback((next: RowFilter) => {
    setSelection(EMPTY);
    setParams(new URLSearchParams(toSearch(next)));
  }, [setParams]);
  const open = (id: number) => void navigate(`/rows/${id}${toSearch(filter)}`);
  const targets = (): number[] => {
    if (selection.ids.size > 0) return [...selection.ids];
    const cursorId = selection.cursorId ?? first.data?.rows[selection.cursor]?.id;
    return cursorId === undefined ? [] : [cursorId];
  };
  const decide = (decision: 'approve' | 'reject' | 'pending') => void decisions.run(targets(), decision).then(() => setSelection((s) => ({ ...s, ids: new Set() })));

  const shortcuts: Shortcut[] = [
    { key: 'a', label: 'Approve the selection (or the photo under the cursor)', run: () => decide('approve') },
    { key: 'x', label: 'Reject the selection', run: () => decide('reject') },
    { key: 'p', label: 'Set the selection back to Pending', run: () => decide('pending') },
    { key: 'u', label: 'Undo the last decision', run: () => void decisions.undo() },
    { key: 'Escape', label: 'Clear the selection', run: () => setSelection((s) => ({ ...s, ids: new Set() })) },
    { key: '/', label: 'Search', run: () => document.querySelector<HTMLInputElement>('[data-testid="queue-search"]')?.focus() },
    { key: 'g', label: 'Focus the grid (arrows move, Space selects, Shift+arrows extend, Enter opens)', run: () => document.querySelector<HTMLElement>('[data-testid="queue-grid"]')?.focus() },
  ];
  useShortcuts(shortcuts);

  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="queue-head">
        <h1 id="queue-title">Queue</h1>
        <QueueFilters filter={filter} onChange={onFilter} sets={sets.data ?? []} runs={runs.data ?? []} />
        <StatusCounts filter={filter} onPick={(status) => onFilter({ ...filter, status } as RowFilter)} />
      </div>
      <div className="bulk-bar" aria-label="Selection">
        <span data-testid="selection-count">{selection.ids.size === 0 ? `${total} ${total === 1 ? 'photo' : 'photos'}` : `${selection.ids.size} of ${total} selected`}</span>
        <button type="button" onClick={() => decide('approve')} disabled={decisions.pending} title={`Approve (${describeKey({ key: 'a' })})`}>Approve</button>
        <button type="button" onClick={() => decide('reject')} disabled={decisions.pending} title={`Reject (${describeKey({ key: 'x' })})`}>Reject</button>
        <button type="button" onClick={() => decide('pending')} disabled={decisions.pending} title={`Pending (${describeKey({ key: 'p' })})`}>Pending</button>
        <button type="button" onClick={() => void decisions.undo()} disabled={!decisions.canUndo || decisions.pending} title="Undo the last decision (U)">Undo</button>
        <DecisionOutcome outcome={decisions.outcome} error={decisions.error} />
      </div>
      {first.isPending ? <Loading label="Loading the queue…" /> : null}
      {first.isError ? <ErrorMessage error={first.error} title="The queue could not be loaded" retry={() => void first.refetch()} /> : null}
      {first.isSuccess && total === 0 ? <p className="empty">No photo matches these filters.</p> : null}
      {first.isSuccess && total > 0 ? <QueueGrid filter={filter} total={total} selection={selection} onSelection={setSelection} onOpen={open} /> : null}
      <ShortcutsHelp shortcuts={shortcuts} />
    </section>
  );
}
