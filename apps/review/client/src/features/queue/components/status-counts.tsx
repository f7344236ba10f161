import { useStatusCounts } from '../../rows/api/get-status-counts';
import type { RowFilter } from '../../rows/api/row-filter';

/** Rows per review status under the current filter; a click filters by that status. */
export function StatusCounts({ filter, onPick }: { filter: RowFilter; onPick: (status: string | undefined) => void }) {
  const counts = useStatusCounts(filter);
  return (
    <ul className="status-counts" aria-label="Rows per review status">
      {counts.map(({ status, total }) => (
        <li key={status}>
          <button type="button" className={filter.status === status ? 'count active' : 'count'} aria-pressed={filter.status === status} onClick={() => onPick(filter.status === status ? undefined : status)} data-testid={`count-${status}`}>
            <span className={`status-dot status-${status}`} aria-hidden="true" />
            {status.replaceAll('_', ' ')} <strong>{total ?? '…'}</strong>
          </button>
        </li>
      ))}
    </ul>
  );
}
