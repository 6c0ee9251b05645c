/**
 * The registry grid: virtualized rows (only the visible ones are in the DOM, so 2,000 agents scroll
 * smoothly), sortable headers and roving-tabindex keyboard navigation.
 */
import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { AgentRow } from '../../../../shared/ipc.js';
import type { SortKey, SortSpec } from '../../logic/grid-rows.js';
import { useServerNow } from '../../hooks/use-server-now.js';
import { nextRowIndex } from './grid-keys.js';
import { RegistryRow } from './registry-row.js';

export const ROW_HEIGHT = 40;

interface Column {
  key: SortKey | null;
  label: string;
}

const COLUMNS: Column[] = [
  { key: 'state', label: 'State' },
  { key: 'address', label: 'Address' },
  { key: 'agentClass', label: 'Class' },
  { key: 'lastHeartbeat', label: 'Heartbeat age' },
  { key: null, label: 'Operations' },
];

interface RegistryGridProps {
  rows: readonly AgentRow[];
  sort: SortSpec;
  onSort(key: SortKey): void;
  onOpen(address: string): void;
  /** Changing this (e.g. the filter text) scrolls back to the first row. */
  resetKey?: string;
  /** Viewport size used until the browser reports one (and where it never does, as in jsdom). */
  fallbackRect?: Rect;
}

const DEFAULT_RECT: Rect = { width: 1200, height: 800 };

export function RegistryGrid({ rows, sort, onSort, onOpen, resetKey = '', fallbackRect = DEFAULT_RECT }: RegistryGridProps): ReactElement {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [activeAddress, setActiveAddress] = useState<string | null>(null);
  const focusPending = useRef(false);
  const now = useServerNow(500);

  const observeRect = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) =>
      // A zero-height viewport means no layout yet (or none at all): fall back rather than render nothing.
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : fallbackRect)),
    [fallbackRect],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: fallbackRect,
    observeElementRect: observeRect,
    getItemKey: (index) => rows[index]?.address ?? index,
  });

  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey]);

  const activeIndex = activeAddress === null ? -1 : rows.findIndex((row) => row.address === activeAddress);

  useEffect(() => {
    if (!focusPending.current || activeIndex < 0) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (element) {
      focusPending.current = false;
      element.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && activeIndex >= 0) {
      event.preventDefault();
      onOpen(rows[activeIndex].address);
      return;
    }
    const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight || fallbackRect.height) / ROW_HEIGHT) - 1);
    const next = nextRowIndex(event.key, activeIndex, rows.length, pageSize);
    if (next === null) return;
    event.preventDefault();
    focusPending.current = true;
    setActiveAddress(rows[next].address);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onFocusRow = useCallback((address: string) => setActiveAddress(address), []);
  // With no row focused yet, Tab lands on the first row.
  const tabbableIndex = activeIndex >= 0 ? activeIndex : 0;

  return (
    <div className="grid" data-testid="registry-grid" role="grid" aria-rowcount={rows.length + 1} aria-label="Registered agents">
      <div role="row" className="grid-header" aria-rowindex={1}>
        {COLUMNS.map((column) => (
          <span
            key={column.label}
            role="columnheader"
            className="cell"
            aria-sort={column.key && sort.key === column.key ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
          >
            {column.key ? (
              <button type="button" className="sort-button" onClick={() => onSort(column.key as SortKey)}>
                {column.label}
                <span className="sort-mark" aria-hidden="true">
                  {sort.key === column.key ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                </span>
              </button>
            ) : (
              column.label
            )}
          </span>
        ))}
      </div>
      <div className="grid-body" ref={scrollRef} onKeyDown={onKeyDown}>
        {rows.length === 0 && <div className="grid-empty">No agents to show.</div>}
        <div className="grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <RegistryRow
              key={item.key}
              row={rows[item.index]}
              index={item.index}
              now={now}
              top={item.start}
              height={item.size}
              active={item.index === tabbableIndex}
              onOpen={onOpen}
              onFocusRow={onFocusRow}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
