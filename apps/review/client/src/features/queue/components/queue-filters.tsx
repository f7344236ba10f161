import { useEffect, useState } from 'react';
import type { RowFilter } from '../../rows/api/row-filter';

const STATUSES = ['Pending', 'Metadata_Needs_Work', 'Approved', 'Rejected', 'Published', 'Error', 'Queued'];
const QC = ['Top', 'Good', 'Average', 'Low', 'Very Low', 'ScoringFailed', 'ResizeFailed', 'CaptionQuarantined', 'NA'];
const SORTS = [
  ['', 'Oldest first'],
  ['-id', 'Newest first'],
  ['-qr', 'Best quality first'],
  ['qr', 'Lowest quality first'],
  ['date', 'Taken, earliest first'],
  ['-date', 'Taken, latest first'],
  ['name', 'Name A–Z'],
  ['-name', 'Name Z–A'],
] as const;

/** Filters (status, QC band, set, run, text) and sort; text search waits for a pause in typing. */
interface QueueFiltersProps {
  readonly filter: RowFilter;
  readonly onChange: (next: RowFilter) => void;
  readonly sets: ReadonlyArray<{ id: number; subject: string }>;
  readonly runs: ReadonlyArray<{ id: string; status: string }>;
}

export function QueueFilters({ filter, onChange, sets, runs }: QueueFiltersProps) {
  const [text, setText] = useState(filter.q ?? '');
  useEffect(() => setText(filter.q ?? ''), [filter.q]);
  useEffect(() => {
    if (text === (filter.q ?? '')) return undefined;
    const timer = setTimeout(() => onChange({ ...filter, q: text === '' ? undefined : text } as RowFilter), 250);
    return () => clearTimeout(timer);
  }, [text, filter, onChange]);
  const set = (key: keyof RowFilter, value: string) => onChange({ ...filter, [key]: value === '' ? undefined : key === 'set' ? Number(value) : value } as RowFilter);
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label>
        Search
        <input type="search" value={text} placeholder="file name, caption, keyword, place…" onChange={(e) => setText(e.target.value)} data-testid="queue-search" />
      </label>
      <label>
        Review status
        <select value={filter.status ?? ''} onChange={(e) => set('status', e.target.value)} data-testid="filter-status">
          <option value="">Any</option>
          {STATUSES.map((s) => <option key={s} value={s}>{s.replaceAll('_', ' ')}</option>)}
        </select>
      </label>
      <label>
        Quality
        <select value={filter.qc ?? ''} onChange={(e) => set('qc', e.target.value)}>
          <option value="">Any</option>
          {QC.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label>
        Set
        <select value={filter.set === undefined ? '' : String(filter.set)} onChange={(e) => set('set', e.target.value)}>
          <option value="">All sets</option>
          {sets.map((s) => <option key={s.id} value={s.id}>{`#${s.id} ${s.subject}`}</option>)}
        </select>
      </label>
      <label>
        Run
        <select value={filter.run ?? ''} onChange={(e) => set('run', e.target.value)}>
          <option value="">Any run</option>
          {runs.map((r) => <option key={r.id} value={r.id}>{`${r.id} (${r.status})`}</option>)}
        </select>
      </label>
      <label>
        Sort
        <select value={filter.sort ?? ''} onChange={(e) => set('sort', e.target.value)}>
          {SORTS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
    </form>
  );
}
