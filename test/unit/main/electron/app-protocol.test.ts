import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, APP_START_URL, RENDERER_CSP, createAppProtocolHandler, isTrustedAppFrame } from '../../../../main/electron/app-protocol.js';
import { appPaths } from '../../../../main/electron/app-paths.js';

let dir: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-app-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Control Station</title>');
  writeFileSync(join(dir, 'renderer', 'assets', 'index.js'), 'export {};');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  handle = createAppProtocolHandler(join(dir, 'renderer'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol', () => {
  it('serves the renderer with its content type and the strict CSP', async () => {
    const page = await handle(new Request(APP_START_URL));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Control Station');
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    const script = await handle(new Request('app://station/assets/index.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses traversal, other hosts and missing files', async () => {
    // URL parsing folds ../ and %2e%2e segments inside the renderer; an encoded slash survives it and must be refused.
    const encodedSlash = await handle(new Request('app://station/..%2fsecret.txt'));
    expect(encodedSlash.status).toBe(400);
    expect(await encodedSlash.text()).toContain('path traversal');
    for (const url of ['app://station/../secret.txt', 'app://station/%2e%2e/secret.txt']) {
      const folded = await handle(new Request(url));
      expect(folded.status, url).toBe(404);
      expect(await folded.text()).not.toContain('secret\n');
    }
    expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://station/assets/missing.js'))).status).toBe(404);
  });

  it('keeps the CSP free of remote origins and inline script', () => {
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/unsafe|https?:|\*/);
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });

  it('trusts only frames of app://station', () => {
    expect(isTrustedAppFrame({ url: 'app://station/index.html' })).toBe(true);
    for (const url of ['file:///app/out/renderer/index.html', 'https://station/index.html', 'app://evil/index.html', 'devtools://devtools/x', 'not a url', '']) {
      expect(isTrustedAppFrame({ url }), url).toBe(false);
    }
    expect(isTrustedAppFrame(null)).toBe(false);
    expect(isTrustedAppFrame(undefined)).toBe(false);
  });

  it('finds the built pieces under the app path and the state file under userData', () => {
    expect(appPaths('/opt/station', '/home/u/.config/Control Station')).toEqual({
      rendererDir: '/opt/station/out/renderer',
      preload: '/opt/station/out/electron/preload/index.js',
      icon: '/opt/station/resources/icon.png',
      windowStateFile: '/home/u/.config/Control Station/window-state.json',
    });
  });
});
