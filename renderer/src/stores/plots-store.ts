/** Live feed plots: the agents' feed lists, the Plots view's plots, ref-counted feed subscriptions and the points. */
import { create } from 'zustand';
import { feedKey, seriesKey, type FeedFieldRef, type FeedSeriesBatch, type FeedView, type FeedWindowSec } from '../../../shared/feeds.js';
import { errorText, stationApi } from './station.js';

/** One plot: fields of one feed over a time window. Pins (prefs store) use the same shape. */
export interface PlotSpec {
  id: string;
  address: string;
  feed: string;
  fields: FeedFieldRef[];
  windowSec: FeedWindowSec;
}

/** Points of one series, ascending; mutated in place (the store's `version` says when). */
export interface SeriesPoints {
  t: number[];
  v: number[];
}

/** The renderer keeps at most what main keeps: an hour, 20,000 points per series. */
const MAX_POINTS = 20_000;
const MAX_AGE_SEC = 3600;

interface FeedList {
  loading: boolean;
  error: string | null;
  feeds: FeedView[];
}

interface PlotsStore {
  lists: Record<string, FeedList>;
  plots: PlotSpec[];
  /** Bumped on every batch of new points (plots redraw from `seriesPoints`, throttled). */
  version: number;
  /** Subscribe failures by feed key, shown on the plots of that feed. */
  feedErrors: Record<string, string>;
  loadFeeds(address: string): Promise<void>;
  addPlot(spec: Omit<PlotSpec, 'id'>): string;
  updatePlot(id: string, patch: Partial<Omit<PlotSpec, 'id'>>): void;
  removePlot(id: string): void;
  applyData(batches: FeedSeriesBatch[]): void;
}

// Outside zustand state: arrays of thousands of points are mutated in place, never copied per push.
const points = new Map<string, SeriesPoints>();
const refs = new Map<string, { address: string; feed: string; count: number }>();
let nextId = 1;

export const getInitialPlotsState = (): Pick<PlotsStore, 'lists' | 'plots' | 'version' | 'feedErrors'> => ({ lists: {}, plots: [], version: 0, feedErrors: {} });

export const usePlotsStore = create<PlotsStore>()((set, get) => ({
  ...getInitialPlotsState(),
  loadFeeds: async (address) => {
    set((state) => ({ lists: { ...state.lists, [address]: { feeds: state.lists[address]?.feeds ?? [], loading: true, error: null } } }));
    try {
      const view = await stationApi().invoke('feeds:list', { address });
      set((state) => ({ lists: { ...state.lists, [address]: { feeds: view.feeds, loading: false, error: null } } }));
    } catch (error) {
      set((state) => ({ lists: { ...state.lists, [address]: { feeds: state.lists[address]?.feeds ?? [], loading: false, error: errorText(error) } } }));
    }
  },
  addPlot: (spec) => {
    const id = `plot-${Date.now().toString(36)}-${nextId++}`;
    set((state) => ({ plots: [...state.plots, { ...spec, id }] }));
    return id;
  },
  updatePlot: (id, patch) => set((state) => ({ plots: state.plots.map((plot) => (plot.id === id ? { ...plot, ...patch } : plot)) })),
  removePlot: (id) => set((state) => ({ plots: state.plots.filter((plot) => plot.id !== id) })),
  applyData: (batches) => {
    let added = false;
    for (const batch of batches) added = appendPoints(batch) || added;
    if (added) set({ version: get().version + 1 });
  },
}));

/** The points of one series (an empty, shared-nothing object when none arrived yet). */
export function seriesPoints(address: string, feed: string, field: FeedFieldRef): SeriesPoints {
  return points.get(seriesKey(address, feed, field.block, field.field)) ?? { t: [], v: [] };
}

/** Appends a batch (skipping points not newer than what is held); true when anything was added. */
function appendPoints(batch: FeedSeriesBatch): boolean {
  const key = seriesKey(batch.address, batch.feed, batch.block, batch.field);
  let series = points.get(key);
  if (!series) {
    series = { t: [], v: [] };
    points.set(key, series);
  }
  const last = series.t.length > 0 ? series.t[series.t.length - 1] : -Infinity;
  let added = false;
  batch.t.forEach((t, index) => {
    if (t <= last && series.t.length > 0) return;
    series.t.push(t);
    series.v.push(batch.v[index]);
    added = true;
  });
  // Trim in chunks (a quarter over the cap) so the splice cost is amortised.
  const newest = series.t[series.t.length - 1];
  let drop = 0;
  while (drop < series.t.length && series.t[drop] < newest - MAX_AGE_SEC) drop++;
  if (series.t.length - drop > MAX_POINTS * 1.25) drop = series.t.length - MAX_POINTS;
  if (drop > 0) {
    series.t.splice(0, drop);
    series.v.splice(0, drop);
  }
  return added;
}

/** Replaces a feed's points with main's buffered history (it holds everything the renderer would). */
function replaceFeed(address: string, feed: string, series: FeedSeriesBatch[]): void {
  for (const batch of series) points.set(seriesKey(address, feed, batch.block, batch.field), { t: [...batch.t], v: [...batch.v] });
}

async function subscribe(address: string, feed: string): Promise<void> {
  const key = feedKey(address, feed);
  try {
    const view = await stationApi().invoke('feeds:subscribe', { address, feed });
    replaceFeed(address, feed, view.series);
    usePlotsStore.setState((state) => {
      const feedErrors = { ...state.feedErrors };
      delete feedErrors[key];
      return { version: state.version + 1, feedErrors };
    });
  } catch (error) {
    usePlotsStore.setState((state) => ({ feedErrors: { ...state.feedErrors, [key]: errorText(error) } }));
  }
}

/** One more user of a feed (a mounted plot); the first one subscribes in main. Returns the release function. */
export function acquireFeed(address: string, feed: string): () => void {
  const key = feedKey(address, feed);
  const entry = refs.get(key) ?? { address, feed, count: 0 };
  refs.set(key, entry);
  entry.count++;
  if (entry.count === 1) void subscribe(address, feed);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.count--;
    if (entry.count > 0) return;
    refs.delete(key);
    void stationApi()
      .invoke('feeds:unsubscribe', { address, feed })
      .catch(() => undefined);
  };
}

/**
 * After the bridge reconnects: fetch each held feed's history again (pushes sent meanwhile are lost).
 * Subscribe then unsubscribe, so main's reference count is left as it was.
 */
export async function refreshHeldFeeds(): Promise<void> {
  await Promise.all(
    [...refs.values()].map(async ({ address, feed }) => {
      await subscribe(address, feed);
      await stationApi()
        .invoke('feeds:unsubscribe', { address, feed })
        .catch(() => undefined);
    }),
  );
}

/** Test helper: forgets every point and reference. */
export function resetPlotsData(): void {
  points.clear();
  refs.clear();
}

/** Where pinned plots are kept between sessions (the renderer's origin storage; app://station in Electron). */
const PINS_KEY = 'station.plots.pins';

/** The pinned plots saved last, or none (unreadable or foreign content is ignored). */
export function loadPins(): PlotSpec[] {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(PINS_KEY) ?? '[]');
    if (!Array.isArray(raw)) return [];
    return raw.filter(
      (pin): pin is PlotSpec =>
        typeof pin === 'object' && pin !== null && typeof pin.id === 'string' && typeof pin.address === 'string' && typeof pin.feed === 'string' && Array.isArray(pin.fields) && typeof pin.windowSec === 'number',
    );
  } catch {
    return [];
  }
}

/** Saves the pinned plots (storage may be unavailable or full: pins then last for this session only). */
export function savePins(pins: readonly PlotSpec[]): void {
  try {
    globalThis.localStorage?.setItem(PINS_KEY, JSON.stringify(pins));
  } catch {
    // Nothing to do: the pins stay in memory.
  }
}
