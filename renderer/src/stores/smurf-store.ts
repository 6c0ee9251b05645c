/** The station's smurf site: manager/monitor addresses, script directories, and every PysmurfController slot (snapshot + `smurf:slots` pushes). */
import { create } from 'zustand';
import type { SmurfInfo, SmurfSlot } from '../../../shared/smurf.js';
import { errorText, stationApi } from './station.js';

interface SmurfStore {
  info: SmurfInfo | null;
  /** Keyed by controller address. */
  slots: ReadonlyMap<string, SmurfSlot>;
  loaded: boolean;
  error: string | null;
  /** Fetches smurf:info and smurf:slots. */
  load(): Promise<void>;
  /** Applies a push of changed slots. */
  applySlots(slots: readonly SmurfSlot[]): void;
}

export const getInitialSmurfState = (): Pick<SmurfStore, 'info' | 'slots' | 'loaded' | 'error'> => ({ info: null, slots: new Map(), loaded: false, error: null });

export const useSmurfStore = create<SmurfStore>()((set, get) => ({
  ...getInitialSmurfState(),
  load: async () => {
    try {
      const [info, slots] = await Promise.all([stationApi().invoke('smurf:info', undefined), stationApi().invoke('smurf:slots', undefined)]);
      set({ info, slots: new Map(slots.map((slot) => [slot.address, slot])), loaded: true, error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  applySlots: (slots) => {
    if (slots.length === 0) return;
    const next = new Map(get().slots);
    for (const slot of slots) next.set(slot.address, slot);
    set({ slots: next });
  },
}));
