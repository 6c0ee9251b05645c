/**
 * The live fastmon panel's state: the bounded TF feed (pausable), fastmon's per-run rows, per-second
 * series for the charts, the feed filter and the TF the user clicked with its STF. Each push batch is
 * applied with one `set`, so 1,000 TF/s is ~20 updates a second, not 1,000.
 */
import { create } from 'zustand';
import type { FastmonRunView, FastmonStfView, FastmonTfView } from '../../../shared/fastmon.js';
import { addToAllSeries, appendCapped, mergeRuns, mergeTfs, PENDING_LIMIT, TF_LIMIT, type Series, type TfFilter } from '../logic/fastmon-feed.js';
import { errorText, stationApi } from './station.js';

/** TFs loaded from the store when the panel opens (the schema's maximum). */
export const TF_LOAD_LIMIT = 5_000;
/** Runs loaded when the panel opens. */
export const RUN_LOAD_LIMIT = 100;

interface FastmonStore {
  /** The feed, oldest first, at most TF_LIMIT. */
  tfs: FastmonTfView[];
  /** While paused: what arrived since, at most PENDING_LIMIT (then `pendingDropped` counts the rest). */
  pending: FastmonTfView[];
  pendingDropped: number;
  paused: boolean;
  /** Newest run first. */
  runs: FastmonRunView[];
  /** Per-second series: key 'all' and one per run number. */
  series: Record<string, Series>;
  filter: TfFilter;
  /** The TF the user clicked, and its STF once fetched. */
  selectedTf: FastmonTfView | null;
  stf: FastmonStfView | null;
  stfError: string | null;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  applyTfs(batch: readonly FastmonTfView[]): void;
  applyRuns(batch: readonly FastmonRunView[]): void;
  setPaused(paused: boolean): void;
  setFilter(patch: Partial<TfFilter>): void;
  /** Selects the run whose TFs the feed shows; the same run again shows all. */
  toggleRun(runNumber: number): void;
  selectTf(tf: FastmonTfView | null): Promise<void>;
}

export const getInitialFastmonState = (): Pick<
  FastmonStore,
  'tfs' | 'pending' | 'pendingDropped' | 'paused' | 'runs' | 'series' | 'filter' | 'selectedTf' | 'stf' | 'stfError' | 'loaded' | 'error'
> => ({
  tfs: [],
  pending: [],
  pendingDropped: 0,
  paused: false,
  runs: [],
  series: {},
  filter: { text: '', run: null },
  selectedTf: null,
  stf: null,
  stfError: null,
  loaded: false,
  error: null,
});

let loadGeneration = 0;
let stfGeneration = 0;

export const useFastmonStore = create<FastmonStore>()((set, get) => ({
  ...getInitialFastmonState(),

  load: async () => {
    const gen = ++loadGeneration;
    try {
      const api = stationApi();
      const [runs, tfs] = await Promise.all([api.invoke('fastmon:runs', { limit: RUN_LOAD_LIMIT }), api.invoke('fastmon:tfs', { limit: TF_LOAD_LIMIT, newest: true })]);
      if (gen !== loadGeneration) return;
      const state = get();
      // The charts count what this page received; a reload adds only TFs it has not seen (by name).
      const known = new Set([...state.tfs, ...state.pending].map((tf) => tf.tfFilename));
      const unseen = tfs.filter((tf) => !known.has(tf.tfFilename));
      const series = addToAllSeries(state.series, unseen);
      if (state.paused) set({ runs: mergeRuns(state.runs, runs), series, pending: mergeTfs(state.pending, unseen, PENDING_LIMIT), loaded: true, error: null });
      else set({ runs: mergeRuns(state.runs, runs), series, tfs: mergeTfs(state.tfs, tfs), loaded: true, error: null });
    } catch (error) {
      if (gen === loadGeneration) set({ error: errorText(error) });
    }
  },

  applyTfs: (batch) => {
    if (batch.length === 0) return;
    const state = get();
    const series = addToAllSeries(state.series, batch);
    if (state.paused) {
      const { list, dropped } = appendCapped(state.pending, batch, PENDING_LIMIT);
      set({ series, pending: list, pendingDropped: state.pendingDropped + dropped });
    } else {
      set({ series, tfs: appendCapped(state.tfs, batch, TF_LIMIT).list });
    }
  },

  applyRuns: (batch) => {
    if (batch.length > 0) set({ runs: mergeRuns(get().runs, batch) });
  },

  setPaused: (paused) => {
    const state = get();
    if (paused === state.paused) return;
    if (paused) set({ paused: true });
    // Resuming shows what was buffered, the oldest first as if it had never paused.
    else set({ paused: false, tfs: appendCapped(state.tfs, state.pending, TF_LIMIT).list, pending: [], pendingDropped: 0 });
  },

  setFilter: (patch) => set({ filter: { ...get().filter, ...patch } }),

  toggleRun: (runNumber) => set({ filter: { ...get().filter, run: get().filter.run === runNumber ? null : runNumber } }),

  selectTf: async (tf) => {
    const gen = ++stfGeneration;
    set({ selectedTf: tf, stf: null, stfError: null });
    if (!tf) return;
    try {
      const stf = await stationApi().invoke('fastmon:stf', { stfFilename: tf.stfFilename });
      if (gen !== stfGeneration) return;
      set(stf ? { stf } : { stfError: `STF ${tf.stfFilename} is not in the store` });
    } catch (error) {
      if (gen === stfGeneration) set({ stfError: errorText(error) });
    }
  },
}));
