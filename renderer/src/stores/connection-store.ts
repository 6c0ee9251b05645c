/** Which router the station talks to, and switching it. */
import { create } from 'zustand';
import type { ConnectionState, ConnectionTarget } from '../../../shared/ipc.js';
import { errorText, stationApi } from './station.js';

interface ConnectionStore {
  state: ConnectionState | null;
  switching: boolean;
  /** Why the last switch request failed (bad input, unreadable site file …). */
  error: string | null;
  load(): Promise<void>;
  apply(state: ConnectionState): void;
  switchTo(target: ConnectionTarget): Promise<void>;
}

export const getInitialConnectionState = (): Pick<ConnectionStore, 'state' | 'switching' | 'error'> => ({
  state: null,
  switching: false,
  error: null,
});

export const useConnectionStore = create<ConnectionStore>()((set) => ({
  ...getInitialConnectionState(),
  load: async () => {
    try {
      set({ state: await stationApi().invoke('connection:get', undefined) });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  apply: (state) => set({ state }),
  switchTo: async (target) => {
    set({ switching: true, error: null });
    try {
      const state = await stationApi().invoke('connection:set', target);
      set({ state, switching: false });
    } catch (error) {
      set({ switching: false, error: errorText(error) });
    }
  },
}));
