import type Electron from 'electron';
import { describe, expect, it } from 'vitest';
import { createMainWindow } from '../../../../main/electron/window-factory.js';
import { FakeEmitter, FakeWebContents } from './fake-electron.js';

class FakeWindow extends FakeEmitter {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  shown = false;
  maximized = false;

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    FakeWindow.created.push(this);
  }

  show(): void {
    this.shown = true;
  }

  maximize(): void {
    this.maximized = true;
  }
}

describe('createMainWindow', () => {
  it('creates an isolated, sandboxed window without Node, with the preload and remembered bounds', () => {
    const win = createMainWindow(FakeWindow, { preloadPath: '/app/out/electron/preload/index.js', state: { x: 10, y: 20, width: 1200, height: 800, maximized: false } });
    const prefs = win.options.webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(prefs.preload).toBe('/app/out/electron/preload/index.js');
    expect(win.options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false });
  });

  it('guards its webContents against new windows and navigation', () => {
    const win = createMainWindow(FakeWindow, { preloadPath: '/p.js', state: { width: 1000, height: 700, maximized: false } });
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(win.webContents.listeners.get('will-navigate')).toHaveLength(1);
  });

  it('shows the window once ready, maximized when it was', () => {
    const win = createMainWindow(FakeWindow, { preloadPath: '/p.js', state: { width: 1000, height: 700, maximized: true } });
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
    expect(win.maximized).toBe(true);
  });
});
