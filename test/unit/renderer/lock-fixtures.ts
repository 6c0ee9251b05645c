/** The connection's lock level for renderer tests: views at a level, and a FakeStation answering access:* like the station. */
import { act } from '@testing-library/react';
import { atLeast, type AccessLevel, type AccessView } from '../../../shared/access.js';
import { useLockStore } from '../../../renderer/src/stores/lock-store.js';
import type { FakeStation } from './fake-station.js';

export function accessView(level: AccessLevel, patch: Partial<AccessView> = {}): AccessView {
  return { level, startLevel: 'operate', maxLevel: 'expert', relockAt: null, ...patch };
}

/** Puts the store at `level`, as an access:level push would. */
export function setLockLevel(level: AccessLevel): void {
  act(() => useLockStore.getState().apply(accessView(level)));
}

/** access:get / access:set answered like the station's lock (refusing above maxLevel), without the relock timer. */
export function handleAccess(station: FakeStation, startLevel: AccessLevel = 'operate', maxLevel: AccessLevel = 'expert', relockInMs = 30_000): FakeStation {
  let view: AccessView = { level: startLevel, startLevel, maxLevel, relockAt: null };
  return station.handle('access:get', () => view).handle('access:set', ({ level }) => {
    if (!atLeast(maxLevel, level)) throw new Error(`access:set ${level} refused: this connection may unlock at most ${maxLevel}`);
    view = { ...view, level, relockAt: atLeast(startLevel, level) ? null : Date.now() + relockInMs };
    return view;
  });
}
