import type Electron from 'electron';

/**
 * Claims the single-instance lock. The first instance gets true and is told (onSecondInstance) when
 * the user starts another; a later instance gets false and should quit: two stations would fight
 * over the router port and the window state file.
 */
export function claimSingleInstance(app: Pick<Electron.App, 'requestSingleInstanceLock' | 'on'>, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => onSecondInstance());
  return true;
}

/** Brings a window to the front, restoring it when minimized. */
export function focusWindow(win: Pick<Electron.BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'> | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
