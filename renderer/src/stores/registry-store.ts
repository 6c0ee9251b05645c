/** Every agent the station has seen, keyed by address: a snapshot at start/reconnect plus `registry:rows` pushes. */
import { create } from 'zustand';
import type { AgentRow } from '../../../shared/ipc.js';
import { mergeRows, rowsFromSnapshot } from '../logic/grid-rows.js';
import { errorText, stationApi } from './station.js';

interface RegistryStore {
  rows: ReadonlyMap<string, AgentRow>;
  loaded: boolean;
  error: string | null;
  /** Replaces everything with registry:snapshot. */
  load(): Promise<void>;
  /** Applies a push of changed rows. */
  applyRows(rows: readonly AgentRow[]): void;
}

export const getInitialRegistryState = (): Pick<RegistryStore, 'rows' | 'loaded' | 'error'> => ({
  rows: new Map(),
  loaded: false,
  error: null,
});

export const useRegistryStore = create<RegistryStore>()((set, get) => ({
  ...getInitialRegistryState(),
  load: async () => {
    try {
      const snapshot = await stationApi().invoke('registry:snapshot', undefined);
      set({ rows: rowsFromSnapshot(snapshot), loaded: true, error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  applyRows: (rows) => {
    if (rows.length === 0) return;
    set({ rows: mergeRows(get().rows, rows) });
  },
}));
