import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WINDOW_STATE, readWindowState, trackWindowState, writeWindowState, type TrackableWindow, type WindowState } from '../../../../main/electron/window-state.js';
import { FakeEmitter } from './fake-electron.js';

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-window-'));
  file = join(dir, 'userData', 'window-state.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('window state file', () => {
  it('round-trips through an atomic write that leaves no temporary file', () => {
    const state: WindowState = { x: 100, y: 50, width: 1300, height: 850, maximized: true };
    writeWindowState(file, state);
    expect(readWindowState(file, screen)).toEqual(state);
    expect(readdirSync(join(dir, 'userData'))).toEqual(['window-state.json']);
  });

  it('gives the defaults for a missing, corrupt or out-of-range file', () => {
    expect(readWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeWindowState(file, DEFAULT_WINDOW_STATE);
    writeFileSync(file, '{"width": 1300, "heig');
    expect(readWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, JSON.stringify({ width: 10, height: 10, maximized: false }));
    expect(readWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position no display shows any more, keeping the size', () => {
    writeWindowState(file, { x: 2500, y: 100, width: 1200, height: 800, maximized: false });
    expect(readWindowState(file, screen)).toEqual({ width: 1200, height: 800, maximized: false });
    expect(readWindowState(file, [...screen, { x: 1920, y: 0, width: 1920, height: 1080 }])).toMatchObject({ x: 2500, y: 100 });
  });
});

describe('trackWindowState', () => {
  class FakeWindow extends FakeEmitter {
    bounds = { x: 1, y: 2, width: 1000, height: 700 };
    getNormalBounds = () => this.bounds;
    isMaximized = () => false;
    isDestroyed = () => false;
  }

  it('saves once after moves settle and again on close', () => {
    vi.useFakeTimers();
    try {
      const win = new FakeWindow();
      const saved: WindowState[] = [];
      trackWindowState(win as unknown as TrackableWindow, (state) => saved.push(state), 500);
      win.emit('move');
      win.bounds = { x: 40, y: 30, width: 1000, height: 700 };
      win.emit('resize');
      vi.advanceTimersByTime(499);
      expect(saved).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(saved).toEqual([{ x: 40, y: 30, width: 1000, height: 700, maximized: false }]);
      win.bounds = { x: 40, y: 30, width: 900, height: 650 };
      win.emit('close');
      expect(saved).toHaveLength(2);
      expect(saved[1]).toMatchObject({ width: 900, height: 650 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes the state file when used with writeWindowState', () => {
    const win = new FakeWindow();
    trackWindowState(win as unknown as TrackableWindow, (state) => writeWindowState(file, state));
    win.emit('close');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: false });
  });
});
