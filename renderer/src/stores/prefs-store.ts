/** UI preferences: current view, grid sort and filter. */
import { create } from 'zustand';
import type { SortKey, SortSpec } from '../logic/grid-rows.js';
import { nextSort } from '../logic/grid-rows.js';
import { loadPins, savePins, type PlotSpec } from './plots-store.js';

export type ViewName = 'registry' | 'agent' | 'connections' | 'smurf' | 'scripts' | 'datafiles' | 'testbed' | 'fastmon' | 'plots' | 'operations' | 'audit' | 'logs' | 'alarms';

interface PrefsStore {
  view: ViewName;
  sort: SortSpec;
  filter: string;
  setView(view: ViewName): void;
  /** Feed plots pinned to their agent's page (kept across sessions). */
  pins: PlotSpec[];
  pinPlot(spec: PlotSpec): void;
  unpinPlot(id: string): void;
  updatePin(id: string, patch: Partial<Omit<PlotSpec, 'id'>>): void;
  sortBy(key: SortKey): void;
  setFilter(filter: string): void;
}

export const getInitialPrefsState = (): Pick<PrefsStore, 'view' | 'sort' | 'filter'> => ({
  view: 'registry',
  sort: { key: 'address', direction: 'asc' },
  filter: '',
});

export const usePrefsStore = create<PrefsStore>()((set, get) => ({
  ...getInitialPrefsState(),
  setView: (view) => set({ view }),
  pins: loadPins(),
  pinPlot: (spec) => {
    const pins = [...get().pins.filter((pin) => pin.id !== spec.id), spec];
    savePins(pins);
    set({ pins });
  },
  unpinPlot: (id) => {
    const pins = get().pins.filter((pin) => pin.id !== id);
    savePins(pins);
    set({ pins });
  },
  updatePin: (id, patch) => {
    const pins = get().pins.map((pin) => (pin.id === id ? { ...pin, ...patch } : pin));
    savePins(pins);
    set({ pins });
  },
  sortBy: (key) => set({ sort: nextSort(get().sort, key) }),
  setFilter: (filter) => set({ filter }),
}));
