/**
 * Main's clock as seen from the renderer: heartbeat ages and op durations are computed against the
 * server's time (app:info serverTime), so a wall display with a wrong clock still shows true ages.
 */
import { create } from 'zustand';
import type { AppInfo } from '../../../shared/ipc.js';
import { useLockStore } from './lock-store.js';
import { errorText, stationApi } from './station.js';

interface ClockStore {
  /** Server time minus local time, seconds. */
  offset: number;
  info: AppInfo | null;
  error: string | null;
  /** Fetches app:info and sets the offset (midpoint of the round trip). */
  sync(): Promise<void>;
}

export const getInitialClockState = (): Pick<ClockStore, 'offset' | 'info' | 'error'> => ({ offset: 0, info: null, error: null });

export const useClockStore = create<ClockStore>()((set) => ({
  ...getInitialClockState(),
  sync: async () => {
    const sentAt = Date.now() / 1000;
    try {
      const info = await stationApi().invoke('app:info', undefined);
      const receivedAt = Date.now() / 1000;
      set({ info, offset: info.serverTime - (sentAt + receivedAt) / 2, error: null });
      // Absent over Electron IPC: the desktop window always has control.
      if (useLockStore.getState().readOnly !== (info.access === 'read-only')) useLockStore.getState().setReadOnly(info.access === 'read-only');
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
}));

/** The server's current time in Unix seconds. */
export function serverNow(localMs: number = Date.now()): number {
  return localMs / 1000 + useClockStore.getState().offset;
}
