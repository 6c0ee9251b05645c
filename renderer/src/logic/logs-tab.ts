/** One tab of the log viewer (state only; the store in stores/logs-store.ts drives it) and pure helpers on it. */
import type { LogAppendedPush, LogFileState, LogLevel, LogSearchRequest } from '../../../shared/logs.js';
import { FOLLOWING, nextFollow, type FollowState } from './logs-follow.js';
import { appendRows, emptyPaged, levelPasses, type PagedList } from './logs-paged.js';
import { emptySearch, type TabSearch } from './logs-search-state.js';

export interface LogNotice {
  id: number;
  text: string;
}

export interface LogTab {
  /** The source id, or `merged:<id>,<id>…`. */
  id: string;
  kind: 'source' | 'merged';
  sourceIds: string[];
  title: string;
  file: LogFileState | null;
  /** Level filter; empty = every line. */
  levels: LogLevel[];
  follow: FollowState;
  /** Level-filtered and merged tabs: the rows loaded so far (plain tabs read the cache by line number). */
  paged: PagedList | null;
  /** Selected rows, inclusive (row = line - 1 in a plain tab). */
  selection: { anchor: number; focus: number } | null;
  /** A request to the view to scroll a row into view; `seq` makes a repeat of the same row a new request. */
  scrollTo: { row: number; seq: number } | null;
  notices: LogNotice[];
  error: string | null;
  search: TabSearch;
  /** Bumped whenever cached lines change. */
  version: number;
}

let noticeSeq = 0;

/** Notices for what changed between two file states (rotation, truncation). */
export function fileNotices(before: LogFileState | null, after: LogFileState): LogNotice[] {
  const at = new Date().toLocaleTimeString();
  const out: LogNotice[] = [];
  if (before && after.rotations > before.rotations) out.push({ id: ++noticeSeq, text: `The file was rotated at ${at}: showing the new file.` });
  if (before && after.truncations > before.truncations) out.push({ id: ++noticeSeq, text: `The file was truncated at ${at}: reading it again from the start.` });
  return out;
}

export function newTab(id: string, kind: LogTab['kind'], sourceIds: string[], title: string): LogTab {
  return { id, kind, sourceIds, title, file: null, levels: [], follow: FOLLOWING, paged: kind === 'merged' ? emptyPaged(null) : null, selection: null, scrollTo: null, notices: [], error: null, search: emptySearch(), version: 0 };
}


/** A `logs:search` request for a tab's query (one page of match lines). */
export function searchRequest(tab: LogTab, direction: 'next' | 'prev', limit: number, fromLine?: number): LogSearchRequest {
  const { query } = tab.search;
  return { sourceId: tab.sourceIds[0], query: query.text, regex: query.regex, caseSensitive: query.caseSensitive, levels: tab.levels, direction, limit, ...(fromLine !== undefined ? { fromLine } : {}) };
}

/** What a `logs:appended` push changes in a single-source tab besides its cache and file state: the filtered rows and the follow count. */
export function appendedPatch(tab: LogTab, push: LogAppendedPush): Partial<LogTab> {
  let paged = tab.paged;
  // A filtered list at the end takes the new matching lines; one with a gap (push cut at its limit) reads on instead.
  if (paged?.done && !push.reset) {
    const gap = push.added > push.newLines.length;
    paged = gap ? { ...paged, done: false } : { ...appendRows(paged, push.newLines.filter((line) => levelPasses(line, tab.levels))), cursor: push.totalLines + 1 };
  }
  return { paged, follow: nextFollow(tab.follow, { type: 'appended', count: push.added }), version: tab.version + 1 };
}
