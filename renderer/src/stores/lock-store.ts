/**
 * This connection's lock level as the station holds it (shared/access.ts): loaded with access:get, changed
 * with access:set, kept current by the access:level push (relocks included). The station enforces it; the
 * views only disable what it would refuse. Until the station answered, everything counts as locked.
 */
import { create } from 'zustand';
import { atLeast, channelLevel, type AccessLevel, type AccessView } from '../../../shared/access.js';
import type { InvokeChannel } from '../../../shared/ipc.js';
import { errorText, stationApi } from './station.js';

interface LockStore {
  /** The station's view of this connection's lock; null before the first answer. */
  view: AccessView | null;
  /** A read-only viewer (app:info access): stays locked and cannot unlock. */
  readOnly: boolean;
  /** The last refused or failed access:set / access:get. */
  error: string | null;
  load(): Promise<void>;
  setLevel(level: AccessLevel): Promise<void>;
  apply(view: AccessView): void;
  /** Sets read-only mode (from app:info). */
  setReadOnly(readOnly: boolean): void;
}

export const getInitialLockState = (): Pick<LockStore, 'view' | 'readOnly' | 'error'> => ({ view: null, readOnly: false, error: null });

export const useLockStore = create<LockStore>()((set) => ({
  ...getInitialLockState(),
  load: async () => {
    try {
      set({ view: await stationApi().invoke('access:get', undefined), error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  setLevel: async (level) => {
    try {
      set({ view: await stationApi().invoke('access:set', { level }), error: null });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  apply: (view) => set({ view }),
  setReadOnly: (readOnly) => set({ readOnly }),
}));

/** The connection's level now (`locked` until known). */
export const useLevel = (): AccessLevel => useLockStore((state) => state.view?.level ?? 'locked');

/** True for a read-only viewer. */
export const useReadOnly = (): boolean => useLockStore((state) => state.readOnly);

/** Whether an action is allowed now, and the tooltip that says what it needs when it is not. */
export interface Gate {
  allowed: boolean;
  title: string | undefined;
}

/** The level `channel` needs (raised to `atLeastLevel`, e.g. for an op whose min_privs is 2) against this connection's. */
export function useGate(channel: InvokeChannel, atLeastLevel?: AccessLevel): Gate {
  const level = useLevel();
  const readOnly = useReadOnly();
  const base = channelLevel(channel);
  const needed = atLeastLevel && !atLeast(base, atLeastLevel) ? atLeastLevel : base;
  if (atLeast(level, needed) && !(readOnly && needed !== 'locked')) return { allowed: true, title: undefined };
  return { allowed: false, title: readOnly ? 'Read-only viewer: open the control URL to act' : `Needs level ${needed} (now ${level}): unlock it in the top bar` };
}
