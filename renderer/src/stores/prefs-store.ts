/** UI preferences: current view, grid sort and filter. */
import { create } from 'zustand';
import type { SortKey, SortSpec } from '../logic/grid-rows.js';
import { nextSort } from '../logic/grid-rows.js';

export type ViewName = 'registry' | 'agent' | 'connections' | 'smurf' | 'scripts' | 'datafiles' | 'testbed' | 'fastmon';

interface PrefsStore {
  view: ViewName;
  sort: SortSpec;
  filter: string;
  setView(view: ViewName): void;
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
  sortBy: (key) => set({ sort: nextSort(get().sort, key) }),
  setFilter: (filter) => set({ filter }),
}));
