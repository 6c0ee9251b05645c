import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getInitialLockState, RELOCK_AFTER_MS, useLockStore } from '../../../../renderer/src/stores/lock-store.js';

describe('lock store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useLockStore.setState(getInitialLockState());
  });
  afterEach(() => vi.useRealTimers());

  it('starts locked and unlocks on request', () => {
    expect(useLockStore.getState().locked).toBe(true);
    useLockStore.getState().toggle();
    expect(useLockStore.getState().locked).toBe(false);
    expect(useLockStore.getState().relockAt).toBe(Date.now() + RELOCK_AFTER_MS);
  });

  it('re-locks 30 s after unlocking', () => {
    useLockStore.getState().unlock();
    vi.advanceTimersByTime(RELOCK_AFTER_MS - 1);
    expect(useLockStore.getState().locked).toBe(false);
    vi.advanceTimersByTime(1);
    expect(useLockStore.getState()).toMatchObject({ locked: true, relockAt: null });
  });

  it('restarts the countdown on each interaction', () => {
    useLockStore.getState().unlock();
    vi.advanceTimersByTime(20_000);
    useLockStore.getState().touch();
    vi.advanceTimersByTime(20_000);
    expect(useLockStore.getState().locked).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(useLockStore.getState().locked).toBe(true);
  });

  it('does not unlock on touch while locked, and locks at once on toggle', () => {
    useLockStore.getState().touch();
    expect(useLockStore.getState().locked).toBe(true);
    useLockStore.getState().unlock();
    useLockStore.getState().toggle();
    expect(useLockStore.getState().locked).toBe(true);
    vi.advanceTimersByTime(RELOCK_AFTER_MS * 2);
    expect(useLockStore.getState().locked).toBe(true);
  });
});
