/**
 * The Electron entry: app lifecycle, one hardened window, the station, and the IPC binding between
 * them. Everything testable lives in main/electron/ and main/station/; this file only wires them.
 */
import { app, BrowserWindow, dialog, ipcMain, Notification, protocol, screen, session } from 'electron';
import { bindElectronIpc } from './ipc/electron-binding.js';
import { createStation, type Station } from './station/index.js';
import { appPaths } from './electron/app-paths.js';
import { parseLaunchArgs } from './electron/launch-args.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_START_URL, createAppProtocolHandler, isTrustedAppFrame } from './electron/app-protocol.js';
import { claimSingleInstance, focusWindow } from './electron/single-instance.js';
import { denyAllPermissions, guardAllWebContents } from './electron/web-contents-guards.js';
import { createMainWindow } from './electron/window-factory.js';
import { readWindowState, trackWindowState, writeWindowState } from './electron/window-state.js';

const log = (level: 'info' | 'warn' | 'error', message: string) => process.stderr.write(`${new Date().toISOString()} station ${level}: ${message}\n`);
let mainWindow: BrowserWindow | null = null;
let station: Station | null = null;

// Must happen before 'ready' (synchronously at load, no top-level await above it): the renderer's origin is app://station.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!claimSingleInstance(app, () => focusWindow(mainWindow))) {
  app.quit();
} else {
  guardAllWebContents(app, (message) => log('warn', message));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', onBeforeQuit);
  app.whenReady().then(start).catch((error: Error) => fail(error));
}

/** One desktop notification per raised alarm (the port main/alarms/notify.ts defines). */
const desktopNotify = (n: { title: string; body: string }): void => {
  if (Notification.isSupported()) new Notification({ title: n.title, body: n.body, urgency: 'critical' }).show();
};

async function start(): Promise<void> {
  const paths = appPaths(app.getAppPath(), app.getPath('userData'));
  denyAllPermissions(session.defaultSession, (message) => log('warn', message));
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));
  try {
    // The store and the simulated smurf files live in Electron's per-user data directory.
    // `control-station --site-file F [--site-host H]` joins a site's crossbar instead of the embedded router.
    station = await createStation({ mode: 'electron', dataDir: app.getPath('userData'), log, notify: desktopNotify, ...parseLaunchArgs(process.argv) });
  } catch (error) {
    return fail(error as Error);
  }
  const state = readWindowState(paths.windowStateFile, screen.getAllDisplays().map((display) => display.workArea));
  const win = createMainWindow(BrowserWindow, { preloadPath: paths.preload, state, icon: paths.icon, log: (message) => log('warn', message) });
  mainWindow = win;
  trackWindowState(win, (next) => writeWindowState(paths.windowStateFile, next));
  const unbind = bindElectronIpc(station.table, { ipcMain, target: win.webContents, isTrustedSender: isTrustedAppFrame });
  win.on('closed', () => {
    unbind();
    mainWindow = null;
  });
  await win.loadURL(APP_START_URL);
}

// Quit waits for the station to close (agents say goodbye, the router stops) before the process ends.
let closing = false;
function onBeforeQuit(event: Electron.Event): void {
  if (!station || closing) return;
  event.preventDefault();
  closing = true;
  const running = station;
  station = null;
  running.close().catch((error: Error) => log('error', `closing the station: ${error.message}`)).finally(() => app.quit());
}

function fail(error: Error): void {
  log('error', error.stack ?? error.message);
  dialog.showErrorBox('Control Station could not start', error.message);
  app.exit(1);
}
