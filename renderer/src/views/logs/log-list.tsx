/**
 * The virtualized line list of one tab. Only the rows in view (plus a few) are rendered, and only their
 * windows are requested from main; the scroll canvas is capped (logs-viewport.ts) so a 1 GB file scrolls too.
 * Follow mode keeps the view at the bottom; scrolling up pauses it, reaching the bottom resumes it.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { isAtBottom } from '../../logic/logs-follow.js';
import { selectionBounds } from '../../logic/logs-export.js';
import { compileQuery } from '../../logic/logs-search.js';
import { currentMatchLine } from '../../logic/logs-search-state.js';
import { computeViewport, pxPerRow, scrollTopFor } from '../../logic/logs-viewport.js';
import { rowAt, rowCount, useLogsStore, type LogTab } from '../../stores/logs-store.js';
import { LogRow } from './log-row.js';

export const ROW_HEIGHT = 20;
const OVERSCAN = 20;
/** Used until the list has a size (and in jsdom, which has none). */
const FALLBACK_HEIGHT = 480;

/** The top visible row of each tab's list (search starts there). */
const topRows = new Map<string, number>();

/** The first row the list of `tabId` shows (0 when it never rendered). */
export function topRowOf(tabId: string): number {
  return topRows.get(tabId) ?? 0;
}

export function LogList(props: { tab: LogTab; titleOf(sourceId: string): string; onCopy(): void }): ReactElement {
  const { tab } = props;
  const { ensureRows, followEvent, select } = useLogsStore.getState();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [clientHeight, setClientHeight] = useState(FALLBACK_HEIGHT);
  const count = rowCount(tab);
  const following = tab.follow.mode === 'following';
  const geometry = { count, rowHeight: ROW_HEIGHT, clientHeight };
  const viewport = computeViewport({ ...geometry, scrollTop });
  const first = Math.max(0, viewport.first - OVERSCAN);
  const last = Math.min(count - 1, viewport.last + OVERSCAN);
  topRows.set(tab.id, viewport.first);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setClientHeight(element.clientHeight || FALLBACK_HEIGHT));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // On a capped canvas a wheel notch would skip hundreds of lines: scroll by rows instead (non-passive to cancel the default).
  const capped = viewport.canvasHeight < count * ROW_HEIGHT;
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || !capped) return;
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY === 0 || event.ctrlKey) return;
      event.preventDefault();
      const rows = event.deltaMode === 1 ? event.deltaY : event.deltaY / ROW_HEIGHT;
      element.scrollTop += rows * pxPerRow({ count, rowHeight: ROW_HEIGHT, clientHeight: element.clientHeight || FALLBACK_HEIGHT });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [capped, count]);

  useEffect(() => {
    if (last >= first) ensureRows(tab.id, first, last);
  }, [ensureRows, tab.id, first, last, tab.file?.totalLines, tab.paged?.lines.length]);

  // Following: pin the view to the bottom whenever rows arrive (before paint, so nothing jumps).
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!following || !element) return;
    element.scrollTop = element.scrollHeight;
    setScrollTop(element.scrollTop);
  }, [following, count, clientHeight]);

  // Rows dropped from the front of a paged list: keep the same lines in view.
  const dropped = tab.paged?.dropped ?? 0;
  const lastDropped = useRef(dropped);
  const rowPx = pxPerRow(geometry);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const delta = dropped - lastDropped.current;
    lastDropped.current = dropped;
    if (!element || delta <= 0 || following) return;
    element.scrollTop = Math.max(0, element.scrollTop - delta * rowPx);
    setScrollTop(element.scrollTop);
  }, [dropped, following, rowPx]);

  // A jump (search hit, time, line): centre the row.
  const scrollSeq = tab.scrollTo?.seq;
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element || !tab.scrollTo) return;
    element.scrollTop = scrollTopFor(tab.scrollTo.row, 'center', geometry);
    setScrollTop(element.scrollTop);
    // geometry is read at the time of the request; re-running on every geometry change would undo the user's scrolling.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollSeq]);

  const onScroll = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    const atBottom = isAtBottom(element.scrollHeight, element.scrollTop, element.clientHeight, ROW_HEIGHT);
    // The bottom of a paged list that has more to load (or of an empty one being replaced) is not the end of the log: no resume there.
    if (atBottom && (count === 0 || tab.paged?.done === false)) return;
    followEvent(tab.id, { type: 'scrolled', atBottom });
  }, [followEvent, tab.id, count, tab.paged?.done]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const element = scrollRef.current;
    if (!element) return;
    const rows = Math.max(1, Math.floor(clientHeight / ROW_HEIGHT) - 1);
    const by = (n: number) => (element.scrollTop += n * pxPerRow(geometry));
    if ((event.ctrlKey || event.metaKey) && event.key === 'c' && tab.selection) props.onCopy();
    else if (event.key === 'ArrowDown') by(1);
    else if (event.key === 'ArrowUp') by(-1);
    else if (event.key === 'PageDown') by(rows);
    else if (event.key === 'PageUp') by(-rows);
    else if (event.key === 'Home') element.scrollTop = 0;
    else if (event.key === 'End') followEvent(tab.id, { type: 'resume' });
    else return;
    event.preventDefault();
  };

  const compiled = compileQuery(tab.search.query);
  const highlight = compiled?.ok ? compiled.re : null;
  const [selFirst, selLast] = tab.selection ? selectionBounds(tab.selection.anchor, tab.selection.focus) : [-1, -2];
  const matchLine = currentMatchLine(tab.search);
  const pick = useCallback((row: number, extend: boolean) => select(tab.id, row, extend), [select, tab.id]);
  const rows: ReactElement[] = [];
  for (let row = first; row <= last; row += 1) {
    const line = rowAt(tab, row);
    const sourceTitle = tab.kind === 'merged' ? (line && 'sourceId' in line ? props.titleOf(line.sourceId) : '') : null;
    const current = matchLine !== null && (tab.kind === 'merged' ? matchLine - 1 === row : line?.n === matchLine);
    rows.push(
      <LogRow key={row} row={row} line={line} top={(row - viewport.top) * ROW_HEIGHT} height={ROW_HEIGHT} selected={row >= selFirst && row <= selLast} current={current} highlight={highlight} sourceTitle={sourceTitle} onPick={pick} />,
    );
  }

  return (
    <div
      className={tab.kind === 'merged' ? 'logs-scroll logs-scroll--merged' : 'logs-scroll'}
      ref={scrollRef}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      tabIndex={0}
      role="table"
      aria-label={`Lines of ${tab.title}`}
      aria-rowcount={count}
      data-testid="log-list"
      data-count={count}
      data-version={tab.version}
    >
      <div className="logs-layer" style={{ height: clientHeight }}>
        {count === 0 && <div className="grid-empty">{(tab.paged ? tab.paged.loading : !tab.file) ? 'Loading…' : 'No lines' + (tab.levels.length > 0 ? ' at these levels' : '') + '.'}</div>}
        {rows}
      </div>
      <div style={{ height: Math.max(0, viewport.canvasHeight - clientHeight) }} />
    </div>
  );
}
