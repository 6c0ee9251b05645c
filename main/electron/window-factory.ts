import type Electron from 'electron';
import { hardenWebContents, type GuardableContents } from './web-contents-guards.js';
import type { WindowState } from './window-state.js';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload script (out/electron/preload/index.js). */
  preloadPath: string;
  state: WindowState;
  icon?: string;
  log?: (message: string) => void;
}

/** The members of a BrowserWindow the factory uses (a fake in tests). */
export interface FactoryWindow {
  readonly webContents: GuardableContents;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  maximize(): void;
}

/**
 * The one place windows are made, always hardened: isolated, sandboxed, no Node in the page, web
 * security on, no <webview>, and guards against new windows and navigation. The static check in
 * test/static/ fails the build if any `new BrowserWindow` elsewhere drops these options.
 */
export function createMainWindow<W extends FactoryWindow>(
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => W,
  options: MainWindowOptions,
): W {
  const win = new BrowserWindow({
    x: options.state.x,
    y: options.state.y,
    width: options.state.width,
    height: options.state.height,
    minWidth: 640,
    minHeight: 400,
    title: 'Control Station',
    icon: options.icon,
    // Dark from the first frame: no white flash in a darkened control room.
    backgroundColor: '#0b0f14',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  hardenWebContents(win.webContents, options.log);
  win.once('ready-to-show', () => {
    if (options.state.maximized) win.maximize();
    win.show();
  });
  return win;
}
