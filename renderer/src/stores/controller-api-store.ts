/** get_api of one PysmurfController: the fan-out form lists its ops and builds each op's params form from the docstrings. */
import { create } from 'zustand';
import type { AgentApi } from '../../../shared/ocs-codes.js';
import { errorText, stationApi } from './station.js';

interface ControllerApiStore {
  address: string | null;
  api: AgentApi | null;
  loading: boolean;
  error: string | null;
  /** Fetches the controller's get_api unless it is the one already loaded. */
  load(address: string | null, force?: boolean): Promise<void>;
}

let generation = 0;

export const getInitialControllerApiState = (): Pick<ControllerApiStore, 'address' | 'api' | 'loading' | 'error'> => {
  generation += 1;
  return { address: null, api: null, loading: false, error: null };
};

export const useControllerApiStore = create<ControllerApiStore>()((set, get) => ({
  ...getInitialControllerApiState(),
  load: async (address, force = false) => {
    if (!force && address === get().address && (get().api || get().loading)) return;
    set({ ...getInitialControllerApiState(), address, loading: address !== null });
    if (!address) return;
    const gen = generation;
    try {
      const api = await stationApi().invoke('agent:api', { address });
      if (gen === generation) set({ api, loading: false });
    } catch (error) {
      if (gen === generation) set({ loading: false, error: errorText(error) });
    }
  },
}));
