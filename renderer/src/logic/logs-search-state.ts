/**
 * Search navigation over a file too big to list every match of: main returns the total and one page of
 * matching line numbers; the tab keeps a contiguous run of them (`lines`, whose first is match number
 * `offset`) and asks main for the next or previous page only when Enter / Shift+Enter walks off its end.
 */
import { LOGS_MAX_SEARCH_PAGE, type LogSearchResult } from '../../../shared/logs.js';
import { stepMatch, type SearchQuery } from './logs-search.js';

/** Match line numbers a tab keeps at most (a few pages; older ones are dropped as the user walks on). */
export const MAX_KEPT_MATCHES = LOGS_MAX_SEARCH_PAGE * 4;

export interface TabSearch {
  query: SearchQuery;
  /** Matches in the whole source (grep -c). */
  total: number;
  /** A contiguous run of matching line numbers, ascending. */
  lines: number[];
  /** Match number (0-based, in file order) of lines[0]. */
  offset: number;
  /** Index into `lines` of the current match, or null before the first Enter. */
  current: number | null;
  busy: boolean;
  error: string | null;
  /** True once a search for `query` has answered (the count is meaningful). */
  done: boolean;
  elapsedMs: number | null;
}

/** Fetches one page: `next` from a line (inclusive, ascending) or `prev` before a line (exclusive, descending; no line = from the end). */
export type SearchPageFetch = (direction: 'next' | 'prev', fromLine?: number) => Promise<LogSearchResult>;

export function emptySearch(query: SearchQuery = { text: '', regex: false, caseSensitive: false }): TabSearch {
  return { query, total: 0, lines: [], offset: 0, current: null, busy: false, error: null, done: false, elapsedMs: null };
}

/** The state after the first page (`next` from line 1) of a new search. */
export function firstPage(state: TabSearch, result: LogSearchResult): TabSearch {
  return { ...state, total: result.total, lines: result.lines, offset: 0, current: null, busy: false, error: null, done: true, elapsedMs: result.elapsedMs };
}

/** Match number (0-based) of the current match, or null. */
export function currentMatchNumber(state: TabSearch): number | null {
  return state.current === null ? null : state.offset + state.current;
}

/** The line of the current match, or null. */
export function currentMatchLine(state: TabSearch): number | null {
  return state.current === null ? null : (state.lines[state.current] ?? null);
}

/** Keeps at most MAX_KEPT_MATCHES around the current match, dropping from the far end. */
function trim(state: TabSearch, dropFront: boolean): TabSearch {
  const extra = state.lines.length - MAX_KEPT_MATCHES;
  if (extra <= 0) return state;
  if (dropFront) return { ...state, lines: state.lines.slice(extra), offset: state.offset + extra, current: state.current === null ? null : state.current - extra };
  return { ...state, lines: state.lines.slice(0, MAX_KEPT_MATCHES) };
}

/**
 * One step to the next (1) or previous (-1) match, wrapping at either end of the file. `fromLine` is where
 * the user is looking; it picks the first match when none is current yet. Fetches a page only when needed.
 */
export async function stepSearch(state: TabSearch, direction: 1 | -1, fromLine: number, fetch: SearchPageFetch): Promise<TabSearch> {
  if (state.total === 0 || state.lines.length === 0) return state;
  const { lines, offset, current, total } = state;
  const last = lines.length - 1;
  const loadedEnd = offset + lines.length; // match number after the last loaded one
  if (current === null) return { ...state, current: stepMatch(lines, null, fromLine, direction) };
  if (direction === 1 && current === last) {
    if (loadedEnd < total) {
      const page = await fetch('next', lines[last] + 1);
      if (page.lines.length === 0) return { ...state, total: page.total };
      return trim({ ...state, total: page.total, lines: lines.concat(page.lines), current: current + 1 }, true);
    }
    if (offset === 0) return { ...state, current: 0 };
    const page = await fetch('next', 1);
    return { ...state, total: page.total, lines: page.lines, offset: 0, current: 0 };
  }
  if (direction === -1 && current === 0) {
    if (offset > 0) {
      const page = await fetch('prev', lines[0]);
      const before = [...page.lines].reverse();
      if (before.length === 0) return { ...state, total: page.total };
      return trim({ ...state, total: page.total, lines: before.concat(lines), offset: offset - before.length, current: before.length - 1 }, false);
    }
    if (loadedEnd >= total) return { ...state, current: last };
    const page = await fetch('prev');
    const tail = [...page.lines].reverse();
    return { ...state, total: page.total, lines: tail, offset: page.total - tail.length, current: tail.length - 1 };
  }
  return { ...state, current: current + direction };
}

/** Client-side search over rows already in memory (the merged view): the same state, with row numbers + 1 as "lines". */
export function searchRows(state: TabSearch, texts: readonly string[], re: RegExp): TabSearch {
  const lines: number[] = [];
  texts.forEach((text, index) => {
    re.lastIndex = 0;
    if (re.test(text)) lines.push(index + 1);
  });
  return { ...state, total: lines.length, lines, offset: 0, current: null, busy: false, error: null, done: true, elapsedMs: 0 };
}
