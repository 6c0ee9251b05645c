/** The audit log of user actions: newest first, filtered in main, paged back by id; pushes prepend live entries that pass the filter. */
import { create } from 'zustand';
import { auditEntryMatches, type AuditEntry } from '../../../shared/audit.js';
import { errorText, stationApi } from './station.js';

/** Rows asked for per page. */
export const AUDIT_PAGE = 200;
/** Rows kept in memory: a long session's live entries do not grow the table without end. */
export const AUDIT_KEEP = 5000;

/** The view's filter as typed: empty text / action / result mean everything; times are `datetime-local` text. */
export interface AuditViewFilter {
  text: string;
  action: string;
  result: '' | 'ok' | 'error';
  since: string;
  until: string;
}

interface AuditStore {
  entries: AuditEntry[];
  /** Entries matching the filter in the whole log (grows with live entries). */
  total: number;
  filter: AuditViewFilter;
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** The entry whose details are open. */
  selectedId: number | null;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  setFilter(patch: Partial<AuditViewFilter>): Promise<void>;
  applyEntries(entries: readonly AuditEntry[]): void;
  select(id: number | null): void;
}

export const getInitialAuditState = (): Pick<AuditStore, 'entries' | 'total' | 'filter' | 'loaded' | 'loading' | 'error' | 'selectedId'> => ({
  entries: [],
  total: 0,
  filter: { text: '', action: '', result: '', since: '', until: '' },
  loaded: false,
  loading: false,
  error: null,
  selectedId: null,
});

/** `datetime-local` text (viewer's zone) → Unix ms; empty or invalid text is no bound. */
function toMs(text: string): number | undefined {
  if (!text) return undefined;
  const ms = new Date(text).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** The filter as `audit:list` and auditEntryMatches take it. */
export function requestFilter(filter: AuditViewFilter): { text?: string; action?: string; result?: 'ok' | 'error'; since?: number; until?: number } {
  const since = toMs(filter.since);
  const until = toMs(filter.until);
  // "until 14:05" means through the end of that minute (of that second when seconds were given).
  const through = filter.until.length > 16 ? 999 : 59_999;
  return {
    ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.result ? { result: filter.result } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until: until + through } : {}),
  };
}

// Bumped on every (re)load: a slow answer for an older filter is dropped.
let generation = 0;

export const useAuditStore = create<AuditStore>()((set, get) => ({
  ...getInitialAuditState(),
  load: async () => {
    const gen = ++generation;
    set({ loading: true });
    try {
      const page = await stationApi().invoke('audit:list', { ...requestFilter(get().filter), limit: AUDIT_PAGE });
      if (gen === generation) set({ entries: page.entries, total: page.total, loaded: true, loading: false, error: null });
    } catch (error) {
      if (gen === generation) set({ loading: false, error: errorText(error) });
    }
  },
  loadMore: async () => {
    const { entries, loading } = get();
    const oldest = entries.at(-1);
    if (!oldest || loading) return;
    const gen = generation;
    set({ loading: true });
    try {
      const page = await stationApi().invoke('audit:list', { ...requestFilter(get().filter), limit: AUDIT_PAGE, before: oldest.id });
      if (gen !== generation) return;
      const known = new Set(get().entries.map((entry) => entry.id));
      set({ entries: [...get().entries, ...page.entries.filter((entry) => !known.has(entry.id))], total: page.total, loading: false, error: null });
    } catch (error) {
      if (gen === generation) set({ loading: false, error: errorText(error) });
    }
  },
  setFilter: async (patch) => {
    set({ filter: { ...get().filter, ...patch } });
    await get().load();
  },
  applyEntries: (entries) => {
    // Until the first load the list is unknown: the load brings these too.
    if (!get().loaded) return;
    const filter = requestFilter(get().filter);
    const known = new Set(get().entries.map((entry) => entry.id));
    const fresh = entries.filter((entry) => !known.has(entry.id) && auditEntryMatches(entry, filter)).sort((a, b) => b.id - a.id);
    if (fresh.length === 0) return;
    set({ entries: [...fresh, ...get().entries].slice(0, AUDIT_KEEP), total: get().total + fresh.length });
  },
  select: (id) => set({ selectedId: get().selectedId === id ? null : id }),
}));
