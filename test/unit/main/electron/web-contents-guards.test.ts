import type Electron from 'electron';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions, guardAllWebContents, hardenWebContents, type GuardableContents } from '../../../../main/electron/web-contents-guards.js';
import { FakeEmitter, FakeWebContents, fakeEvent } from './fake-electron.js';

const asContents = (fake: FakeWebContents) => fake as unknown as GuardableContents;

describe('hardenWebContents', () => {
  it('denies every window.open', () => {
    const contents = new FakeWebContents();
    const log: string[] = [];
    hardenWebContents(asContents(contents), (message) => log.push(message));
    expect(contents.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    expect(log).toEqual(['refused window.open("https://example.org")']);
  });

  it('prevents main-frame navigation, sub-frame navigation and <webview> attachment', () => {
    const contents = new FakeWebContents();
    hardenWebContents(asContents(contents));
    const navigate = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-navigate', navigate, navigate.url);
    expect(navigate.prevented).toBe(true);
    const subFrame = fakeEvent({ url: 'https://evil.example/frame', isMainFrame: false });
    contents.emit('will-frame-navigate', subFrame);
    expect(subFrame.prevented).toBe(true);
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('is applied to every webContents the app creates', () => {
    const app = new FakeEmitter();
    guardAllWebContents(app as unknown as Pick<Electron.App, 'on'>);
    const contents = new FakeWebContents();
    app.emit('web-contents-created', fakeEvent(), contents);
    expect(contents.windowOpenHandler?.({ url: 'app://station/x' })).toEqual({ action: 'deny' });
    expect(contents.listeners.get('will-navigate')).toHaveLength(1);
  });
});

describe('denyAllPermissions', () => {
  it('denies every permission request, check and device request', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: (...args: unknown[]) => unknown) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: (...args: unknown[]) => unknown) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: (...args: unknown[]) => unknown) => (handlers.device = handler),
    };
    denyAllPermissions(session as unknown as Parameters<typeof denyAllPermissions>[0]);
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) handlers.request({}, permission, (granted: boolean) => answers.push(granted), {});
    expect(answers).toEqual([false, false, false, false]);
    expect(handlers.check({}, 'media', 'app://station', {})).toBe(false);
    expect(handlers.device({ deviceType: 'usb' })).toBe(false);
  });
});
