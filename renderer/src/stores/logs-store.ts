/**
 * The log viewer: known sources, open tabs (one source each, or a merged set), each tab's file state,
 * follow state, level filter, paged rows, selection and notices. Lines of a plain source live in a
 * WindowCache per tab (outside zustand state, since it is mutated in place; `version` re-renders).
 */
export type { LogNotice, LogTab } from '../logic/logs-tab.js';
import { create } from 'zustand';
import { LOGS_MAX_SEARCH_PAGE, type LogAppendedPush, type LogFileState, type LogLevel, type LogSourceView } from '../../../shared/logs.js';
import { nextFollow, type FollowEvent } from '../logic/logs-follow.js';
import { appendRows, emptyPaged, fetchPage, PAGE_LINES, rowOfLine, type PagedLine } from '../logic/logs-paged.js';
import { compileQuery, type SearchQuery } from '../logic/logs-search.js';
import { currentMatchLine, emptySearch, firstPage, searchRows, stepSearch } from '../logic/logs-search-state.js';
import { appendedPatch, fileNotices, newTab, searchRequest, type LogTab } from '../logic/logs-tab.js';
import { BLOCK_LINES, blockStart, WindowCache } from '../logic/logs-window-cache.js';
import { errorText, stationApi } from './station.js';

interface LogsStore {
  sources: LogSourceView[];
  tabs: LogTab[];
  active: string | null;
  sourcesError: string | null;
  openError: string | null;
  loadSources(): Promise<void>;
  openSource(sourceId: string): Promise<void>;
  openPath(path: string): Promise<void>;
  openMerged(sourceIds: string[]): Promise<void>;
  closeTab(tabId: string): void;
  activate(tabId: string): void;
  /** The view shows rows first..last: fetch the windows they need. */
  ensureRows(tabId: string, first: number, last: number): void;
  applyAppended(pushes: readonly LogAppendedPush[]): void;
  /** After the bridge came back: main forgot what this page followed, so follow again and re-read the windows. */
  reconnect(): Promise<void>;
  followEvent(tabId: string, event: FollowEvent): void;
  /** Level filter; `fromStart` lists the matching lines from line 1 even while following. */
  setLevels(tabId: string, levels: LogLevel[], fromStart?: boolean): void;
  /** Scrolls to a 1-based line (plain or filtered tab), loading from there when a filtered list does not hold it. */
  goToLine(tabId: string, line: number): void;
  select(tabId: string, row: number, extend: boolean): void;
  dismissNotice(tabId: string, id: number): void;
  setQuery(tabId: string, query: Partial<SearchQuery>): void;
  /** Counts matches of the tab's query (main searches the whole file; a merged tab searches its loaded rows). */
  runSearch(tabId: string): Promise<void>;
  /** Enter / Shift+Enter: the next or previous match, scrolled into view. `fromRow` is the top row shown. */
  stepSearch(tabId: string, direction: 1 | -1, fromRow: number): Promise<void>;
  patchTab(tabId: string, patch: Partial<LogTab>): void;
}

const caches = new Map<string, WindowCache>();
const inflight = new Map<string, Set<number>>();
/** Tabs with an index-progress poll pending. */
const indexPolls = new Set<string>();
const INDEX_POLL_MS = 500;
/** A level filter turned on while following lists matches from this many lines before the end. */
const FILTER_TAIL_LINES = 50_000;

export const getInitialLogsState = (): Pick<LogsStore, 'sources' | 'tabs' | 'active' | 'sourcesError' | 'openError'> => {
  // Tests reset the store with this: the caches outside the state go too.
  caches.clear();
  inflight.clear();
  return { sources: [], tabs: [], active: null, sourcesError: null, openError: null };
};

let scrollSeq = 0;

/** The window cache of a plain tab (created on first use). */
export function cacheOf(tabId: string): WindowCache {
  let cache = caches.get(tabId);
  if (!cache) caches.set(tabId, (cache = new WindowCache()));
  return cache;
}

/** Row of a tab: the cached line of a plain tab, the loaded row of a paged one (undefined while loading). */
export function rowAt(tab: LogTab, row: number): PagedLine | undefined {
  return tab.paged ? tab.paged.lines[row] : cacheOf(tab.id).line(row + 1);
}

/** How many rows a tab has. */
export function rowCount(tab: LogTab): number {
  return tab.paged ? tab.paged.lines.length : (tab.file?.totalLines ?? 0);
}

export const useLogsStore = create<LogsStore>()((set, get) => {
  const tab = (tabId: string) => get().tabs.find((t) => t.id === tabId);
  const patch = (tabId: string, change: Partial<LogTab> | ((t: LogTab) => Partial<LogTab>)) =>
    set({ tabs: get().tabs.map((t) => (t.id === tabId ? { ...t, ...(typeof change === 'function' ? change(t) : change) } : t)) });

  /** Takes a file state from main; on rotation or truncation drops cached lines and shows a notice. */
  const takeFile = (tabId: string, file: LogFileState, reset = false) => {
    const t = tab(tabId);
    if (!t) return;
    const notices = fileNotices(t.file, file);
    const restart = reset || notices.length > 0;
    if (restart) cacheOf(tabId).clear();
    patch(tabId, (current) => ({
      file,
      notices: notices.length > 0 ? [...current.notices, ...notices].slice(-3) : current.notices,
      follow: restart ? nextFollow(current.follow, { type: 'reset' }) : current.follow,
      version: current.version + (restart ? 1 : 0),
    }));
    if (restart && t.paged && t.kind === 'source') void loadPage(tabId, true);
    // While main still builds the index the line count grows without pushes: ask again shortly (follow is idempotent).
    if (!file.indexed && !indexPolls.has(tabId)) {
      indexPolls.add(tabId);
      setTimeout(() => {
        indexPolls.delete(tabId);
        const current = tab(tabId);
        if (current?.kind === 'source') void stationApi().invoke('logs:follow', { sourceId: current.sourceIds[0], follow: true }).then((state) => takeFile(tabId, state), () => undefined);
      }, INDEX_POLL_MS);
    }
  };

  /** Loads the next page of a paged tab (or its first page after a reset). */
  const loadPage = async (tabId: string, restart = false, startLine = 1): Promise<void> => {
    const t = tab(tabId);
    if (!t?.paged || (t.paged.loading && !restart) || (t.paged.done && !restart)) return;
    const paged = restart ? emptyPaged(t.kind === 'merged' ? null : startLine, startLine) : t.paged;
    patch(tabId, { paged: { ...paged, loading: true } });
    try {
      const { rows, cursor, done, file } = await fetchPage(stationApi(), t, paged);
      if (file) takeFile(tabId, file);
      const current = tab(tabId)?.paged;
      if (!current) return;
      const next = appendRows({ ...current, cursor, done }, rows);
      // A merged page that adds nothing new would be asked for again forever (> PAGE_LINES lines at one time).
      patch(tabId, { paged: { ...next, loading: false, done: next.done || next.lines.length === current.lines.length }, error: null });
    } catch (error) {
      patch(tabId, (current) => ({ error: errorText(error), paged: current.paged && { ...current.paged, loading: false } }));
    }
  };

  const fetchBlock = async (tabId: string, sourceId: string, block: number): Promise<void> => {
    let pending = inflight.get(tabId);
    if (!pending) inflight.set(tabId, (pending = new Set()));
    if (pending.has(block)) return;
    pending.add(block);
    try {
      const view = await stationApi().invoke('logs:window', { sourceId, fromLine: blockStart(block), count: BLOCK_LINES });
      if (!tab(tabId)) return;
      if (view.rotated || view.truncated) cacheOf(tabId).clear();
      else cacheOf(tabId).put(block, view.lines);
      takeFile(tabId, view, view.rotated || view.truncated);
      patch(tabId, (t) => ({ version: t.version + 1, error: null }));
    } catch (error) {
      patch(tabId, { error: errorText(error) });
    } finally {
      pending.delete(block);
    }
  };

  /** Opens (or shows) a tab and starts following its sources. */
  const addTab = async (fresh: LogTab): Promise<void> => {
    if (tab(fresh.id)) {
      set({ active: fresh.id });
      return;
    }
    set({ tabs: [...get().tabs, fresh], active: fresh.id });
    try {
      const states = await Promise.all(fresh.sourceIds.map((sourceId) => stationApi().invoke('logs:follow', { sourceId, follow: true })));
      if (fresh.kind === 'source') takeFile(fresh.id, states[0]);
      else await loadPage(fresh.id, true);
    } catch (error) {
      patch(fresh.id, { error: errorText(error) });
    }
  };

  /** Selects a row and asks the view to centre it; following pauses (the user looks elsewhere). */
  const jump = (tabId: string, row: number) =>
    patch(tabId, (c) => ({ follow: nextFollow(c.follow, { type: 'jumped' }), scrollTo: { row, seq: ++scrollSeq }, selection: { anchor: row, focus: row } }));

  const titleOf = (sourceId: string) => get().sources.find((s) => s.id === sourceId)?.title ?? sourceId;

  return {
    ...getInitialLogsState(),
    loadSources: async () => {
      try {
        set({ sources: await stationApi().invoke('logs:sources', undefined), sourcesError: null });
      } catch (error) {
        set({ sourcesError: errorText(error) });
      }
    },
    openSource: (sourceId) => addTab(newTab(sourceId, 'source', [sourceId], titleOf(sourceId))),
    openPath: async (path) => {
      try {
        const source = await stationApi().invoke('logs:open', { path });
        set({ sources: [...get().sources.filter((s) => s.id !== source.id), source], openError: null });
        await get().openSource(source.id);
      } catch (error) {
        set({ openError: errorText(error) });
      }
    },
    openMerged: (sourceIds) => addTab(newTab(`merged:${sourceIds.join(',')}`, 'merged', sourceIds, `merged: ${sourceIds.map(titleOf).join(' + ')}`)),
    closeTab: (tabId) => {
      const closing = tab(tabId);
      if (!closing) return;
      const tabs = get().tabs.filter((t) => t.id !== tabId);
      const index = get().tabs.indexOf(closing);
      set({ tabs, active: get().active === tabId ? (tabs[Math.min(index, tabs.length - 1)]?.id ?? null) : get().active });
      caches.delete(tabId);
      // Stop pushes for sources no other tab still shows.
      for (const sourceId of closing.sourceIds) {
        if (!tabs.some((t) => t.sourceIds.includes(sourceId))) void stationApi().invoke('logs:follow', { sourceId, follow: false }).catch(() => undefined);
      }
    },
    activate: (tabId) => set({ active: tabId }),
    ensureRows: (tabId, first, last) => {
      const t = tab(tabId);
      if (!t) return;
      if (t.paged) {
        if (last >= t.paged.lines.length - PAGE_LINES / 5) void loadPage(tabId);
        return;
      }
      if (!t.file) return;
      for (const block of cacheOf(tabId).missing(first + 1, last + 1, t.file.totalLines)) void fetchBlock(tabId, t.sourceIds[0], block);
    },
    applyAppended: (pushes) => {
      for (const push of pushes) {
        for (const t of get().tabs.filter((candidate) => candidate.sourceIds.includes(push.sourceId))) {
          if (t.kind === 'merged') {
            // A merged list at its end reopens and reads on from its last time (pages overlap there; rows are deduplicated).
            if (t.paged?.done && !t.paged.loading) patch(t.id, (c) => ({ paged: c.paged && { ...c.paged, done: false }, follow: nextFollow(c.follow, { type: 'appended', count: push.added }) }));
            void loadPage(t.id);
            continue;
          }
          if (push.reset) cacheOf(t.id).clear();
          else cacheOf(t.id).append(push.newLines);
          takeFile(t.id, push, push.reset);
          patch(t.id, (c) => appendedPatch(c, push));
          const after = tab(t.id);
          if (after?.paged && !after.paged.done) void loadPage(t.id);
        }
      }
    },
    reconnect: async () => {
      if (get().tabs.length === 0) return;
      await get().loadSources();
      for (const t of get().tabs) {
        caches.delete(t.id);
        patch(t.id, (c) => ({ version: c.version + 1 }));
        try {
          const states = await Promise.all(t.sourceIds.map((sourceId) => stationApi().invoke('logs:follow', { sourceId, follow: true })));
          if (t.kind === 'source') takeFile(t.id, states[0]);
          if (t.paged) void loadPage(t.id, true, t.paged.startLine);
        } catch (error) {
          patch(t.id, { error: errorText(error) });
        }
      }
    },
    followEvent: (tabId, event) => {
      const t = tab(tabId);
      if (t && nextFollow(t.follow, event) !== t.follow) patch(tabId, { follow: nextFollow(t.follow, event) });
    },
    setLevels: (tabId, levels, fromStart = false) => {
      const t = tab(tabId);
      if (!t || t.kind !== 'source') return;
      // Following: the filtered tail (paging a 1 GB file from its top to reach the end would take minutes). Paused: from the top.
      const start = t.follow.mode === 'following' && !fromStart ? Math.max(1, (t.file?.totalLines ?? 0) - FILTER_TAIL_LINES + 1) : 1;
      const follow = fromStart ? nextFollow(t.follow, { type: 'jumped' }) : t.follow;
      // Not following: the new list starts at its top (the old scroll position means nothing in it).
      patch(tabId, { levels, paged: levels.length > 0 ? emptyPaged(start, start) : null, selection: null, follow, scrollTo: follow.mode === 'paused' ? { row: 0, seq: ++scrollSeq } : t.scrollTo });
      if (levels.length > 0) void loadPage(tabId, true, start);
    },
    goToLine: (tabId, line) => {
      const t = tab(tabId);
      if (!t) return;
      const row = t.paged ? rowOfLine(t.paged, line) : line - 1;
      jump(tabId, Math.max(0, row));
      // Not loaded: the filtered list restarts at that line (earlier lines come back with "show from the start").
      if (t.paged && row < 0) void loadPage(tabId, true, line);
    },
    select: (tabId, row, extend) => patch(tabId, (t) => ({ selection: extend && t.selection ? { anchor: t.selection.anchor, focus: row } : { anchor: row, focus: row } })),
    dismissNotice: (tabId, id) => patch(tabId, (t) => ({ notices: t.notices.filter((n) => n.id !== id) })),
    patchTab: (tabId, change) => patch(tabId, change),
    setQuery: (tabId, query) => patch(tabId, (t) => ({ search: emptySearch({ ...t.search.query, ...query }) })),
    runSearch: async (tabId) => {
      const t = tab(tabId);
      if (!t) return;
      const { query } = t.search;
      const compiled = compileQuery(query);
      if (compiled === null || !compiled.ok) {
        patch(tabId, { search: { ...emptySearch(query), error: compiled?.ok === false ? compiled.error : null } });
        return;
      }
      if (t.kind === 'merged') {
        patch(tabId, { search: searchRows(t.search, t.paged?.lines.map((line) => line.text) ?? [], compiled.re) });
        return;
      }
      patch(tabId, { search: { ...t.search, busy: true, error: null } });
      try {
        const result = await stationApi().invoke('logs:search', searchRequest(t, 'next', LOGS_MAX_SEARCH_PAGE, 1));
        // A newer query replaced this one while main searched: drop the stale answer.
        if (tab(tabId)?.search.query !== query) return;
        patch(tabId, (c) => ({ search: firstPage(c.search, result) }));
      } catch (error) {
        if (tab(tabId)?.search.query === query) patch(tabId, (c) => ({ search: { ...c.search, busy: false, error: errorText(error) } }));
      }
    },
    stepSearch: async (tabId, direction, fromRow) => {
      const t = tab(tabId);
      if (!t || t.search.busy) return;
      if (!t.search.done) await get().runSearch(tabId);
      const before = tab(tabId);
      if (!before?.search.done) return;
      const { query } = before.search;
      const fetch = (dir: 'next' | 'prev', fromLine?: number) => stationApi().invoke('logs:search', searchRequest(before, dir, LOGS_MAX_SEARCH_PAGE, fromLine));
      // Rows are lines in a plain tab; in paged tabs the line of the top row (merged search works on rows + 1).
      const fromLine = before.kind === 'merged' ? fromRow + 1 : (rowAt(before, fromRow)?.n ?? fromRow + 1);
      patch(tabId, (c) => ({ search: { ...c.search, busy: true } }));
      try {
        const search = await stepSearch({ ...before.search, busy: false }, direction, fromLine, fetch);
        if (tab(tabId)?.search.query !== query) return;
        patch(tabId, { search });
        const line = currentMatchLine(search);
        if (line === null) return;
        if (before.kind === 'merged') jump(tabId, line - 1);
        else get().goToLine(tabId, line);
      } catch (error) {
        patch(tabId, (c) => ({ search: { ...c.search, busy: false, error: errorText(error) } }));
      }
    },
  };
});
