/** Data files registered through the PysmurfMonitor, newest first, filtered by slot (publisher id) and action; pushes append live. */
import { create } from 'zustand';
import type { DataFileRecord } from '../../../shared/smurf.js';
import { errorText, stationApi } from './station.js';

/** Rows kept (and asked for): the station's own cap for one request. */
export const DATAFILE_LIMIT = 500;

export interface DataFileFilter {
  pubId: string;
  action: string;
}

interface DataFileStore {
  files: DataFileRecord[];
  filter: DataFileFilter;
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  setFilter(patch: Partial<DataFileFilter>): Promise<void>;
  applyFiles(files: readonly DataFileRecord[]): void;
}

export const getInitialDataFileState = (): Pick<DataFileStore, 'files' | 'filter' | 'loaded' | 'error'> => ({
  files: [],
  filter: { pubId: '', action: '' },
  loaded: false,
  error: null,
});

/** Whether a record passes the filter (empty fields match everything). */
export function matchesFilter(file: DataFileRecord, filter: DataFileFilter): boolean {
  return (filter.pubId === '' || file.pubId === filter.pubId) && (filter.action === '' || file.action === filter.action);
}

let generation = 0;

export const useDataFileStore = create<DataFileStore>()((set, get) => ({
  ...getInitialDataFileState(),
  load: async () => {
    const { pubId, action } = get().filter;
    const gen = ++generation;
    try {
      const files = await stationApi().invoke('smurf:datafiles', { limit: DATAFILE_LIMIT, ...(pubId ? { pubId } : {}), ...(action ? { action } : {}) });
      if (gen === generation) set({ files, loaded: true, error: null });
    } catch (error) {
      if (gen === generation) set({ error: errorText(error) });
    }
  },
  setFilter: async (patch) => {
    set({ filter: { ...get().filter, ...patch } });
    await get().load();
  },
  applyFiles: (files) => {
    const filter = get().filter;
    const known = new Set(get().files.map((file) => file.id));
    const fresh = files.filter((file) => matchesFilter(file, filter) && !known.has(file.id)).sort((a, b) => b.id - a.id);
    if (fresh.length === 0) return;
    set({ files: [...fresh, ...get().files].slice(0, DATAFILE_LIMIT) });
  },
}));
