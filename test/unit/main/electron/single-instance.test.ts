import type Electron from 'electron';
import { describe, expect, it } from 'vitest';
import { claimSingleInstance, focusWindow } from '../../../../main/electron/single-instance.js';
import { FakeEmitter } from './fake-electron.js';

class FakeApp extends FakeEmitter {
  constructor(private readonly gotLock: boolean) {
    super();
  }
  requestSingleInstanceLock = () => this.gotLock;
}

describe('single-instance lock', () => {
  it('the first instance keeps running and focuses its window when another starts', () => {
    const app = new FakeApp(true);
    let focused = 0;
    expect(claimSingleInstance(app as unknown as Electron.App, () => focused++)).toBe(true);
    app.emit('second-instance', {}, ['electron', '.'], '/');
    expect(focused).toBe(1);
  });

  it('a second instance is told to quit', () => {
    const app = new FakeApp(false);
    expect(claimSingleInstance(app as unknown as Electron.App, () => {})).toBe(false);
    expect(app.listeners.get('second-instance')).toBeUndefined();
  });

  it('focusWindow restores a minimized window and ignores a destroyed one', () => {
    const calls: string[] = [];
    const win = { isDestroyed: () => false, isMinimized: () => true, restore: () => calls.push('restore'), show: () => calls.push('show'), focus: () => calls.push('focus') };
    focusWindow(win);
    expect(calls).toEqual(['restore', 'show', 'focus']);
    focusWindow({ ...win, isDestroyed: () => true });
    focusWindow(null);
    expect(calls).toHaveLength(3);
  });
});
