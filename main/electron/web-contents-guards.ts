import type Electron from 'electron';

type GuardLog = (message: string) => void;

/** The parts of a webContents the guards touch (Electron's WebContents, or a fake in tests). */
export interface GuardableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: Electron.Event<Electron.WebContentsWillNavigateEventParams>) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: Electron.Event<Electron.WebContentsWillFrameNavigateEventParams>) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Electron.Event) => void): unknown;
}

/**
 * Locks one webContents to the page it was given: no new windows, no navigation away, no <webview>.
 * The station has no links to follow; a navigation is either a bug or an attack.
 */
export function hardenWebContents(contents: GuardableContents, log: GuardLog = () => {}): void {
  contents.setWindowOpenHandler(({ url }) => {
    log(`refused window.open(${JSON.stringify(url)})`);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    log(`refused navigation to ${JSON.stringify(event.url)}`);
  });
  // will-navigate covers only the main frame; sub-frames navigate through this event.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame) return;
    event.preventDefault();
    log(`refused sub-frame navigation to ${JSON.stringify(event.url)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('refused a <webview>');
  });
}

/** Applies the guards to every webContents the app ever creates (devtools, future windows), not only the main window. */
export function guardAllWebContents(app: Pick<Electron.App, 'on'>, log: GuardLog = () => {}): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
}

/** The station needs no camera, microphone, notifications or any other permission: deny every request and check. */
export function denyAllPermissions(
  session: Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
  log: GuardLog = () => {},
): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
