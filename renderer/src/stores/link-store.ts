/** Whether the bridge to the station is up, for the banner. */
import { create } from 'zustand';
import type { LinkState } from '../api/link.js';

interface LinkStore {
  state: LinkState;
  setState(state: LinkState): void;
}

export const getInitialLinkState = (): Pick<LinkStore, 'state'> => ({ state: { status: 'connecting' } });

export const useLinkStore = create<LinkStore>()((set) => ({
  ...getInitialLinkState(),
  setState: (state) => set({ state }),
}));
