/** Operation controls are locked by default; a click unlocks them until 30 s pass without interaction. */
import { create } from 'zustand';

export const RELOCK_AFTER_MS = 30_000;

interface LockStore {
  locked: boolean;
  /** A read-only viewer (app:info access): the controls stay locked and cannot be unlocked. */
  readOnly: boolean;
  /** Local time (ms) when the controls lock again; null while locked. */
  relockAt: number | null;
  unlock(): void;
  lock(): void;
  toggle(): void;
  /** Any use of an unlocked control restarts the 30 s countdown. */
  touch(): void;
  /** Sets read-only mode (from app:info); entering it locks at once. */
  setReadOnly(readOnly: boolean): void;
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

export const getInitialLockState = (): Pick<LockStore, 'locked' | 'relockAt' | 'readOnly'> => {
  if (relockTimer) clearTimeout(relockTimer);
  relockTimer = null;
  return { locked: true, relockAt: null, readOnly: false };
};

export const useLockStore = create<LockStore>()((set, get) => ({
  ...getInitialLockState(),
  // The station refuses a viewer's actions anyway; staying locked keeps the buttons from offering them.
  unlock: () => {
    if (!get().readOnly) armRelock(set);
  },
  lock: () => set({ ...getInitialLockState(), readOnly: get().readOnly }),
  toggle: () => (get().locked ? get().unlock() : get().lock()),
  touch: () => {
    if (!get().locked) armRelock(set);
  },
  setReadOnly: (readOnly) => (readOnly ? set({ ...getInitialLockState(), readOnly: true }) : set({ readOnly: false })),
}));

/** True for a read-only viewer: action buttons the lock does not gate are disabled with this. */
export const useReadOnly = (): boolean => useLockStore((state) => state.readOnly);
