/**
 * Forward-paged line lists for the two views whose row count main cannot know up front: a level-filtered
 * source (main scans forward until a window has enough matching lines) and the merged view (pages by time).
 * Rows are kept in memory up to PAGED_LIMIT; past it the oldest go and `dropped` tells the view how far to shift.
 */
import type { StationApi } from '../../../shared/ipc.js';
import type { LogFileState, LogLevel, LogLineView, MergedLogLineView } from '../../../shared/logs.js';

/** Lines one page asks for. */
export const PAGE_LINES = 500;
/** Rows a paged list keeps; older ones are dropped as new ones come (follow mode runs for hours). */
export const PAGED_LIMIT = 20_000;

export type PagedLine = LogLineView | MergedLogLineView;

export interface PagedList {
  lines: PagedLine[];
  /** Filtered source: next line number to read from. Merged: main's opaque cursor, else a time (ms) to read on from, else null (the start). */
  cursor: number | string | null;
  /** True once a page came back short: the list reaches the current end of the source(s). */
  done: boolean;
  loading: boolean;
  /** Rows dropped from the front so far (the view shifts its scroll position by the growth of this). */
  dropped: number;
  /** Filtered source: the first line the list started from (1 = the top of the file). */
  startLine: number;
}

/** An empty list starting at `cursor`. */
export function emptyPaged(cursor: number | string | null, startLine = 1): PagedList {
  return { lines: [], cursor, done: false, loading: false, dropped: 0, startLine };
}

/** A key that identifies a line across pages (merged pages overlap at their boundary time). */
export function lineKey(line: PagedLine): string {
  return 'sourceId' in line ? `${line.sourceId}:${line.n}` : String(line.n);
}

/** Appends new rows (skipping ones already present at the tail) and keeps at most `limit`. */
export function appendRows(list: PagedList, rows: readonly PagedLine[], limit = PAGED_LIMIT): PagedList {
  // Only the tail can overlap with a new page: check the last PAGE_LINES keys, not all.
  const tail = new Set(list.lines.slice(-PAGE_LINES * 2).map(lineKey));
  const fresh = rows.filter((row) => !tail.has(lineKey(row)));
  if (fresh.length === 0) return list;
  let lines = list.lines.concat(fresh);
  let dropped = list.dropped;
  if (lines.length > limit) {
    dropped += lines.length - limit;
    lines = lines.slice(lines.length - limit);
  }
  return { ...list, lines, dropped };
}

/** Whether a line passes a level filter (an empty filter passes everything; lines without a level do not pass a filter). */
export function levelPasses(line: LogLineView, levels: readonly LogLevel[]): boolean {
  return levels.length === 0 || (line.level !== null && levels.includes(line.level));
}

/** Row index of line `n` in a filtered list, or -1 when it is not loaded. */
export function rowOfLine(list: PagedList, n: number): number {
  let lo = 0;
  let hi = list.lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list.lines[mid].n;
    if (at === n) return mid;
    if (at < n) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** What one page request gives: the rows, where to read on, whether the end was reached, and (filtered source) the file state. */
export interface FetchedPage {
  rows: PagedLine[];
  cursor: number | string | null;
  done: boolean;
  file: LogFileState | null;
}

/** Fetches the page after `paged.cursor`: `logs:merged` for several sources, a level-filtered `logs:window` for one. */
export async function fetchPage(api: StationApi, tab: { kind: 'source' | 'merged'; sourceIds: string[]; levels: LogLevel[] }, paged: PagedList): Promise<FetchedPage> {
  if (tab.kind === 'merged') {
    const from = typeof paged.cursor === 'string' ? { cursor: paged.cursor } : typeof paged.cursor === 'number' ? { fromTime: paged.cursor } : {};
    const view = await api.invoke('logs:merged', { sourceIds: tab.sourceIds, count: PAGE_LINES, ...from });
    // At the end main gives no cursor: read on later from the last line's time (the overlap is deduplicated).
    const lastTime = view.lines.length > 0 ? view.lines[view.lines.length - 1].time : null;
    return { rows: view.lines, cursor: view.cursor ?? lastTime ?? paged.cursor, done: view.cursor === null, file: null };
  }
  const view = await api.invoke('logs:window', { sourceId: tab.sourceIds[0], fromLine: typeof paged.cursor === 'number' ? paged.cursor : 1, count: PAGE_LINES, levels: tab.levels });
  // Main scans a bounded number of lines per request, so a short page is not the end: only reading past the last line is.
  return { rows: view.lines, cursor: view.nextLine, done: view.nextLine > view.totalLines, file: view };
}
