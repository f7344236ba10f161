import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { RowListItem } from '@proofsheet/review/api-types';
import { PAGE_SIZE, useRowPages } from '../../rows/api/get-rows';
import type { RowFilter } from '../../rows/api/row-filter';
import { QueueCell } from './queue-cell';

const CELL_WIDTH = 208;
const CELL_HEIGHT = 232;
/** How long the view must rest on a page before it is fetched. */
const SETTLE_MS = 100;

export interface GridSelection {
  readonly ids: ReadonlySet<number>;
  /** Index of the keyboard cursor in the filtered list. */
  readonly cursor: number;
  /** Where a shift-range starts. */
  readonly anchor: number;
  /** The row under the cursor, once its page is loaded. */
  readonly cursorId?: number | undefined;
}

interface QueueGridProps {
  readonly filter: RowFilter;
  readonly total: number;
  readonly selection: GridSelection;
  readonly onSelection: (next: GridSelection) => void;
  readonly onOpen: (id: number) => void;
}

/**
 * The pages the view has rested on for {@link SETTLE_MS}: while the operator flings through the
 * grid the lines pass as placeholders, and neither rows nor thumbnails are requested for pages
 * only scrolled past (each would cost a request, a render and thumbnails nobody sees).
 */
function useSettledPages(pages: readonly number[]): ReadonlySet<number> {
  const key = pages.join(',');
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    if (settled === key) return undefined;
    const timer = setTimeout(() => setSettled(key), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, settled]);
  return useMemo(() => new Set(settled.split(',').filter(Boolean).map(Number)), [settled]);
}

/** Rows of the filtered list by index, from whichever pages are loaded (at most a few hundred). */
function useLoadedRows(filter: RowFilter, pages: readonly number[]): Map<number, RowListItem> {
  const results = useRowPages(filter, pages, useSettledPages(pages));
  const byIndex = new Map<number, RowListItem>();
  pages.forEach((page, i) => {
    const rows = results[i]?.data?.rows ?? [];
    rows.forEach((row, j) => byIndex.set((page - 1) * PAGE_SIZE + j, row));
  });
  return byIndex;
}

/**
 * The thumbnail grid: a listbox of rows, virtualised (only the visible lines exist in the DOM and
 * only their pages are fetched), with a keyboard cursor, click / Shift-click / Ctrl-click selection,
 * arrows to move, Space to select, Enter to open the editor.
 */
export function QueueGrid({ filter, total, selection, onSelection, onOpen }: QueueGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(4);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return undefined;
    const measure = () => setColumns(Math.max(1, Math.floor((element.clientWidth - 8) / CELL_WIDTH)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const lines = Math.ceil(total / columns);
  const virtualizer = useVirtualizer({ count: lines, getScrollElement: () => scroller.current, estimateSize: () => CELL_HEIGHT, overscan: 1 });
  const items = virtualizer.getVirtualItems();
  const first = (items[0]?.index ?? 0) * columns;
  const last = Math.min(total - 1, ((items[items.length - 1]?.index ?? 0) + 1) * columns - 1);
  const pages = useMemo(() => {
    const list: number[] = [];
    for (let page = Math.floor(first / PAGE_SIZE) + 1; page <= Math.floor(Math.max(last, 0) / PAGE_SIZE) + 1; page++) list.push(page);
    return list;
  }, [first, last]);
  const rows = useLoadedRows(filter, pages);
  const emit = (next: GridSelection) => onSelection({ ...next, cursorId: rows.get(next.cursor)?.id });

  // Keyboard first: the grid takes the focus when the page opens (unless the operator is elsewhere already).
  useEffect(() => {
    if (document.activeElement === null || document.activeElement === document.body) scroller.current?.focus();
  }, []);

  useEffect(() => {
    virtualizer.scrollToIndex(Math.floor(selection.cursor / columns), { align: 'auto' });
  }, [selection.cursor, columns, virtualizer]);

  const select = (index: number, mode: 'only' | 'toggle' | 'range') => {
    const id = rows.get(index)?.id;
    if (id === undefined) return;
    if (mode === 'only') return emit({ ids: new Set([id]), cursor: index, anchor: index });
    if (mode === 'toggle') {
      const ids = new Set(selection.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return emit({ ids, cursor: index, anchor: index });
    }
    const ids = new Set<number>();
    const [from, to] = selection.anchor <= index ? [selection.anchor, index] : [index, selection.anchor];
    for (let i = from; i <= to; i++) {
      const row = rows.get(i);
      if (row !== undefined) ids.add(row.id);
    }
    return emit({ ids, cursor: index, anchor: selection.anchor });
  };

  // Stable handlers for the memoised cells; they read the latest state through a ref.
  const latest = useRef({ select, onOpen });
  latest.current = { select, onOpen };
  const onPick = useCallback((event: MouseEvent, index: number) => latest.current.select(index, event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'only'), []);
  const onOpenStable = useCallback((id: number) => latest.current.onOpen(id), []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, PageDown: columns * 3, PageUp: -columns * 3 };
    const move = moves[event.key] ?? (event.key === 'Home' ? -Infinity : event.key === 'End' ? Infinity : undefined);
    if (move !== undefined) {
      event.preventDefault();
      const cursor = Math.max(0, Math.min(total - 1, selection.cursor + move));
      if (event.shiftKey) {
        const anchor = selection.ids.size === 0 ? selection.cursor : selection.anchor;
        const ids = new Set<number>();
        const [from, to] = anchor <= cursor ? [anchor, cursor] : [cursor, anchor];
        for (let i = from; i <= to; i++) {
          const row = rows.get(i);
          if (row !== undefined) ids.add(row.id);
        }
        emit({ ids, cursor, anchor });
      } else emit({ ...selection, cursor });
      return;
    }
    if (event.key === ' ') {
      event.preventDefault();
      select(selection.cursor, 'toggle');
    } else if (event.key === 'Enter') {
      const id = rows.get(selection.cursor)?.id;
      if (id !== undefined) onOpen(id);
    }
  };

  const cursorId = rows.get(selection.cursor)?.id;
  return (
    <div
      ref={scroller}
      className="queue-grid"
      role="listbox"
      aria-label="Photos in the queue"
      aria-multiselectable="true"
      aria-activedescendant={cursorId === undefined ? undefined : `cell-${cursorId}`}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="queue-grid"
    >
      <div className="queue-grid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((line) => (
          <div key={line.key} className="queue-line" style={{ transform: `translateY(${line.start}px)`, height: CELL_HEIGHT }}>
            {Array.from({ length: columns }, (_, column) => {
              const index = line.index * columns + column;
              if (index >= total) return null;
              const row = rows.get(index);
              if (row === undefined) return <div key={column} className="queue-cell placeholder" aria-hidden="true" />;
              return <QueueCell key={row.id} row={row} index={index} total={total} selected={selection.ids.has(row.id)} cursor={index === selection.cursor} onPick={onPick} onOpen={onOpenStable} />;
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
