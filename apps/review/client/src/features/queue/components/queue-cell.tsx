import { memo, type MouseEvent } from 'react';
import type { RowListItem } from '@proofsheet/review/api-types';
import { thumbUrl } from '../../rows/api/get-row';

interface QueueCellProps {
  readonly row: RowListItem;
  readonly index: number;
  readonly total: number;
  readonly selected: boolean;
  readonly cursor: boolean;
  readonly onPick: (event: MouseEvent, index: number) => void;
  readonly onOpen: (id: number) => void;
}

/**
 * One photo of the grid (an `option` of the listbox). Memoised: scrolling and selecting re-render
 * only the cells whose row, selection or cursor changed.
 */
export const QueueCell = memo(function QueueCell({ row, index, total, selected, cursor, onPick, onOpen }: QueueCellProps) {
  const name = row.File_Name ?? row.Original_File_Name ?? `row ${row.id}`;
  return (
    <div
      id={`cell-${row.id}`}
      role="option"
      aria-selected={selected}
      aria-setsize={total}
      aria-posinset={index + 1}
      className={`queue-cell${selected ? ' selected' : ''}${cursor ? ' cursor' : ''}`}
      onClick={(event) => onPick(event, index)}
      onDoubleClick={() => onOpen(row.id)}
      data-testid="queue-cell"
      data-row-id={row.id}
      title={`${name} — Enter or double-click opens the editor`}
    >
      {/* Eager: the grid is virtualised, so every cell that exists is on screen or one line away. */}
      <img src={thumbUrl(row.id)} alt="" decoding="async" draggable={false} />
      <span className="cell-name">{name}</span>
      <span className="cell-caption">{row.Caption ?? (row.error_code === null ? 'no caption yet' : row.error_code)}</span>
      <span className="cell-meta">
        <span className={`status-chip status-${row.Review_Status}`}>{row.Review_Status.replaceAll('_', ' ')}</span>
        <span className="cell-qr">{row.QR === null ? row.QC_Status : `QR ${row.QR.toFixed(1)}`}</span>
      </span>
    </div>
  );
});
