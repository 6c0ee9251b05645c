/** One connection's lock (main/ipc/connection-lock.ts): levels, refusals, idle relock on real timers. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessView } from '../../../../shared/access.js';
import { ConnectionLock, type LockChange } from '../../../../main/ipc/connection-lock.js';
import { IpcError } from '../../../../main/ipc/ipc-error.js';

const locks: ConnectionLock[] = [];
afterEach(() => {
  for (const lock of locks.splice(0)) lock.close();
});

function lockWith(startLevel: 'locked' | 'operate' | 'expert', relockSeconds: number, maxLevel: 'locked' | 'expert' = 'expert') {
  const changes: Array<{ view: AccessView; change: LockChange }> = [];
  const lock = new ConnectionLock({ settings: { startLevel, relockSeconds }, maxLevel, onChange: (view, change) => changes.push({ view, change }) });
  locks.push(lock);
  return { lock, changes };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ConnectionLock', () => {
  it('starts at the start level, capped by the token', () => {
    expect(lockWith('operate', 30).lock.view()).toEqual({ level: 'operate', startLevel: 'operate', maxLevel: 'expert', relockAt: null });
    expect(lockWith('expert', 30, 'locked').lock.view()).toEqual({ level: 'locked', startLevel: 'locked', maxLevel: 'locked', relockAt: null });
  });

  it('refuses channels above its level, naming both levels', () => {
    const { lock } = lockWith('locked', 30);
    expect(lock.refusal('app:info', 'locked')).toBeNull();
    expect(lock.refusal('op:start', 'operate')).toBe('op:start needs level operate; this connection is locked (access:set to unlock)');
    lock.set('operate');
    expect(lock.refusal('op:start', 'operate')).toBeNull();
    expect(lock.refusal('connection:set', 'expert')).toBe('connection:set needs level expert; this connection is operate (access:set to unlock)');
  });

  it('refuses to unlock above the token with forbidden, and changes nothing', () => {
    const { lock, changes } = lockWith('operate', 30, 'locked');
    let error: unknown;
    try {
      lock.set('operate');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'forbidden', message: 'access:set operate refused: this connection is read-only (opened with the read-only URL); open the control URL to act' });
    expect(lock.view().level).toBe('locked');
    expect(changes).toEqual([]);
    expect(lock.set('locked').level).toBe('locked');
  });

  it('above the start level it falls back after relockSeconds idle; a use above the start level restarts the wait', async () => {
    const { lock, changes } = lockWith('operate', 2);
    const before = Date.now();
    const first = lock.set('expert');
    expect(first.level).toBe('expert');
    expect(first.relockAt).toBeGreaterThanOrEqual(before + 2000);
    await sleep(100);
    lock.use('operate'); // at the start level: no restart, no push
    expect(lock.view().relockAt).toBe(first.relockAt);
    const usedAt = Date.now();
    lock.use('expert');
    expect(lock.view().relockAt).toBeGreaterThanOrEqual(usedAt + 2000);
    expect(changes.map((c) => c.change)).toEqual(['set', 'use']);
    // Asserted by outcome, not timing: it relocks, and never before the restarted wait was over.
    while (lock.view().level !== 'operate' && Date.now() - usedAt < 10_000) await sleep(20);
    expect(Date.now() - usedAt).toBeGreaterThanOrEqual(2000);
    expect(lock.view()).toEqual({ level: 'operate', startLevel: 'operate', maxLevel: 'expert', relockAt: null });
    expect(changes.at(-1)).toEqual({ view: lock.view(), change: 'relock' });
  });

  it('locking down at or below the start level stays there (no relock timer)', async () => {
    const { lock } = lockWith('operate', 0.1);
    lock.set('expert');
    expect(lock.set('locked')).toEqual({ level: 'locked', startLevel: 'operate', maxLevel: 'expert', relockAt: null });
    await sleep(300);
    expect(lock.view().level).toBe('locked');
  });

  it('close stops a pending relock', async () => {
    const { lock, changes } = lockWith('locked', 0.1);
    lock.set('operate');
    lock.close();
    await sleep(300);
    expect(changes.map((c) => c.change)).toEqual(['set']);
  });
});
