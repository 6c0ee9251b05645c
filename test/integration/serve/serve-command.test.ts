import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../../helpers/net.js';
import { waitFor } from '../../helpers/net.js';
import { startStation } from '../../helpers/station.js';
import { bridgeCall, cookieFrom, openSocket, rawGet } from './http-get.js';

// `npm test` builds first; these run the compiled CLI and the built renderer.
const INDEX_HTML = readFileSync(fileURLToPath(new URL('../../../out/renderer/index.html', import.meta.url)), 'utf8');

let station: RunningProcess;
let port: number;
let token: string;
let wsUrl: string;

beforeAll(async () => {
  station = startStation(['serve', '--port', '0', '--wamp-port', '0']);
  const open = await station.waitForLine(/^station serve: open http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64})$/);
  port = Number(open[1]);
  token = open[2];
  wsUrl = (await station.waitForLine(/^station serve: WAMP router (ws:\/\/127\.0\.0\.1:\d+\/ws) \(realm test_realm, address root observatory\)$/))[1];
});

afterAll(async () => {
  if (station.child.exitCode === null) await station.stop('SIGKILL');
});

describe('station serve', () => {
  it('serves the built renderer to the token URL, with the cookie and the CSP', async () => {
    const page = await rawGet(port, `/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    expect(String(page.headers['set-cookie'])).toBe(`station_token=${token}; Path=/; HttpOnly; SameSite=Strict`);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws:\/\/127\.0\.0\.1:\d+; /);
  });

  it('answers 401 pages without the token or with a wrong one', async () => {
    for (const path of ['/', `/?token=${'a'.repeat(64)}`, '/assets/x.js']) {
      const response = await rawGet(port, path);
      expect(response.status, path).toBe(401);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('401 Unauthorized');
    }
  });

  it("serves the page's script and stylesheet with the cookie and the right types", async () => {
    const cookie = cookieFrom(await rawGet(port, `/?token=${token}`));
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(INDEX_HTML)![1];
    const style = /href="\.?(\/assets\/[^"]+\.css)"/.exec(INDEX_HTML)![1];
    const js = await rawGet(port, script, { cookie });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await rawGet(port, style, { cookie })).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('refuses path traversal out of the renderer directory', async () => {
    for (const path of ['/../../package.json', '/assets/%2e%2e/%2e%2e/%2e%2e/package.json', '/assets%2f..%2f..%2f..%2fpackage.json']) {
      const response = await rawGet(port, path, { authorization: `Bearer ${token}` });
      expect(response.status, path).toBe(400);
      expect(response.body).not.toContain('control-station');
    }
  });

  it('refuses bridge sockets without the token or from a foreign origin', async () => {
    await expect(openSocket(`ws://127.0.0.1:${port}/bridge`)).rejects.toThrow('HTTP 401');
    await expect(openSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, { origin: 'http://attacker.example' })).rejects.toThrow('HTTP 403');
  });

  it('answers app:info over the bridge in headless mode and reports the embedded router', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    try {
      const info = await bridgeCall(socket, 1, 'app:info');
      expect(info).toMatchObject({ ok: true, value: { mode: 'headless' } });
      const connection = await waitFor(async () => {
        const reply = await bridgeCall(socket, 2, 'connection:get');
        return (reply.value as { status: string }).status === 'connected' ? (reply.value as { url: string; realm: string }) : null;
      }, 10_000, 'the station to connect to its router');
      expect(connection).toMatchObject({ url: wsUrl, realm: 'test_realm' });
    } finally {
      socket.close();
    }
  });

  it('the embedded router it printed is real and answers /info', async () => {
    const info = (await (await fetch(wsUrl.replace('ws://', 'http://').replace(/\/ws$/, '/info'))).json()) as { realm: string };
    expect(info.realm).toBe('test_realm');
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await station.stop('SIGTERM')).toBe(0);
  });
});

describe('station serve on a non-loopback address', () => {
  it('binds only when --host says so, and warns that the network can reach it', async () => {
    const exposed = startStation(['serve', '--host', '0.0.0.0', '--port', '0', '--wamp-port', '0', '--no-demo']);
    try {
      const open = await exposed.waitForLine(/^station serve: open http:\/\/0\.0\.0\.0:(\d+)\/\?token=[0-9a-f]{64}$/);
      // stderr and stdout are separate pipes: wait for the warning rather than assume it arrived first.
      await exposed.waitForLine(/^station serve: warning: listening on 0\.0\.0\.0, reachable from other machines; anyone holding the URL below controls the station$/);
      expect((await rawGet(Number(open[1]), '/')).status).toBe(401);
    } finally {
      expect(await exposed.stop('SIGTERM')).toBe(0);
    }
  });
});
