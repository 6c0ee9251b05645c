import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { Envelope, PushChannel } from '../../../../shared/ipc.js';
import type { HandlerTable } from '../../../../main/ipc/handler-table.js';
import { startHeadlessServer, type HeadlessServer } from '../../../../main/serve/index.js';
import { bridgeCall, cookieFrom, openSocket, rawGet } from '../../../integration/serve/http-get.js';

/** A tiny handler table of our own interface: answers app:info, echoes pushes on demand. */
function tinyTable(): HandlerTable & { push(channel: PushChannel, payload: unknown): void } {
  const listeners = new Set<(channel: PushChannel, payload: unknown) => void>();
  return {
    async invoke(channel: unknown): Promise<Envelope<unknown>> {
      if (channel === 'app:info') return { ok: true, value: { version: 'test', mode: 'headless', serverTime: 1 } };
      return { ok: false, error: { code: 'unknown_channel', message: `unknown channel ${String(channel)}` } };
    },
    onPush(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    push(channel, payload) {
      for (const listener of listeners) listener(channel, payload);
    },
  };
}

let dir: string;
let server: HeadlessServer;
const table = tinyTable();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Control Station</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("station");');
  writeFileSync(join(dir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(tmpdir(), 'outside-renderer.txt'), 'outside');
  server = await startHeadlessServer({ host: '127.0.0.1', port: 0, table, rendererDir: dir, batchMs: 10 });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startHeadlessServer', () => {
  it('prints a token URL with 64 hex digits on the chosen port', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves index.html with the token, sets the HttpOnly SameSite=Strict cookie and the security headers', async () => {
    const response = await rawGet(server.port, `/?token=${server.token}`);
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Control Station</title>');
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(String(response.headers['set-cookie'])).toMatch(/^station_token=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 with an HTML page without a token, with a wrong one, and for assets', async () => {
    for (const path of ['/', `/?token=${'0'.repeat(64)}`, '/assets/app.js', '/?token=short']) {
      const response = await rawGet(server.port, path);
      expect(response.status, path).toBe(401);
      expect(response.body).toContain('401 Unauthorized');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('accepts the token as a Bearer header and as the cookie', async () => {
    expect((await rawGet(server.port, '/assets/app.js', { authorization: `Bearer ${server.token}` })).status).toBe(200);
    const cookie = cookieFrom(await rawGet(server.port, `/?token=${server.token}`));
    const asset = await rawGet(server.port, '/assets/app.css', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await rawGet(server.port, '/assets/app.js', { cookie })).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('falls back to index.html for app routes but 404s missing assets', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    expect((await rawGet(server.port, '/registry', auth)).body).toContain('Control Station');
    expect((await rawGet(server.port, '/assets/missing.js', auth)).status).toBe(404);
    expect((await rawGet(server.port, '/assets/secret.bin', auth)).status).toBe(404);
  });

  it('refuses path traversal, encoded or not', async () => {
    const auth = { authorization: `Bearer ${server.token}` };
    for (const path of ['/../outside-renderer.txt', '/assets/../../outside-renderer.txt', '/%2e%2e/outside-renderer.txt', '/assets%2f..%2f..%2foutside-renderer.txt', '/..%5coutside-renderer.txt']) {
      const response = await rawGet(server.port, path, auth);
      expect(response.status, path).toBe(400);
      expect(response.body).not.toContain('outside');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await rawGet(server.port, '/', { authorization: `Bearer ${server.token}` }, 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('answers bridge requests over the WebSocket and forwards pushes', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const socket = await openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, { origin });
    try {
      expect(await bridgeCall(socket, 1, 'app:info')).toEqual({ ok: true, value: { version: 'test', mode: 'headless', serverTime: 1, access: 'control' } });
      const pushed = new Promise<unknown>((resolve) => socket.once('message', (data: WebSocket.RawData) => resolve(JSON.parse(data.toString()))));
      table.push('registry:rows', []);
      expect(await pushed).toEqual({ kind: 'push', channel: 'registry:rows', payload: [] });
    } finally {
      socket.close();
    }
  });

  it('refuses bridge sockets without the token, with a foreign Origin, or on another path', async () => {
    const base = `ws://127.0.0.1:${server.port}`;
    await expect(openSocket(`${base}/bridge`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${base}/bridge?token=${'f'.repeat(64)}`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`${base}/bridge?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(`${base}/bridge?token=${server.token}`, { origin: `http://localhost:${server.port}` })).rejects.toThrow('HTTP 403');
    await expect(openSocket(`${base}/ws?token=${server.token}`)).rejects.toThrow('HTTP 404');
  });

  it('accepts the bridge with the cookie alone', async () => {
    const cookie = cookieFrom(await rawGet(server.port, `/?token=${server.token}`));
    const socket = await openSocket(`ws://127.0.0.1:${server.port}/bridge`, { cookie, origin: `http://127.0.0.1:${server.port}` });
    expect((await bridgeCall(socket, 7, 'nope')).error?.code).toBe('unknown_channel');
    socket.close();
  });

  it('closes a socket that sends more than maxPayload', async () => {
    const small = await startHeadlessServer({ host: '127.0.0.1', port: 0, table, rendererDir: dir, maxPayload: 1024 });
    try {
      const socket = await openSocket(`ws://127.0.0.1:${small.port}/bridge?token=${small.token}`);
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.send(JSON.stringify({ id: 1, channel: 'app:info', request: 'x'.repeat(4096) }));
      expect(await closed).toBe(1009);
    } finally {
      await small.close();
    }
  });

  it('uses a fresh token on every start and names a busy port', async () => {
    const other = await startHeadlessServer({ host: '127.0.0.1', port: 0, table, rendererDir: dir });
    try {
      expect(other.token).not.toBe(server.token);
      await expect(startHeadlessServer({ host: '127.0.0.1', port: other.port, table, rendererDir: dir })).rejects.toThrow(
        `port ${other.port} on 127.0.0.1 is in use; pick another with --port (0 picks a free one)`,
      );
    } finally {
      await other.close();
    }
  });
});
