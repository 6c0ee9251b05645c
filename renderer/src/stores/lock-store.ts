/** Operation controls are locked by default; a click unlocks them until 30 s pass without interaction. */
import { create } from 'zustand';

export const RELOCK_AFTER_MS = 30_000;

interface LockStore {
  locked: boolean;
  /** Local time (ms) when the controls lock again; null while locked. */
  relockAt: number | null;
  unlock(): void;
  lock(): void;
  toggle(): void;
  /** Any use of an unlocked control restarts the 30 s countdown. */
  touch(): void;
}

let relockTimer: ReturnType<typeof setTimeout> | null = null;

function armRelock(set: (state: Partial<LockStore>) => void): void {
  if (relockTimer) clearTimeout(relockTimer);
  relockTimer = setTimeout(() => {
    relockTimer = null;
    set({ locked: true, relockAt: null });
  }, RELOCK_AFTER_MS);
  set({ locked: false, relockAt: Date.now() + RELOCK_AFTER_MS });
}

export const getInitialLockState = (): Pick<LockStore, 'locked' | 'relockAt'> => {
  if (relockTimer) clearTimeout(relockTimer);
  relockTimer = null;
  return { locked: true, relockAt: null };
};

export const useLockStore = create<LockStore>()((set, get) => ({
  ...getInitialLockState(),
  unlock: () => armRelock(set),
  lock: () => set(getInitialLockState()),
  toggle: () => (get().locked ? get().unlock() : get().lock()),
  touch: () => {
    if (!get().locked) armRelock(set);
  },
}));
