import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_PATH, type BridgeMessage } from '../../shared/ipc.js';
import { useStation } from './station-fixture.js';

// The page is opened by the tests themselves (with and without the token).
const station = useStation({ openPage: false });

/** Opens the bridge WebSocket; resolves with 'open' or the HTTP status that refused the upgrade. */
function tryBridge(url: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; outcome: 'open' | number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ socket, outcome: 'open' }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ socket, outcome: response.statusCode ?? 0 });
      response.resume();
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

function bridgeUrl(token?: string): string {
  const url = new URL(BRIDGE_PATH, station.serve.origin.replace(/^http/, 'ws'));
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
}

describe('station serve token (HTTP, browser and WebSocket bridge)', () => {
  it('answers 401 without a token and with a wrong one, and 200 with the printed token', async () => {
    const { origin, token, url } = station.serve;
    const missing = await fetch(`${origin}/`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/text\/html/);
    const wrong = await fetch(`${origin}/?token=${'0'.repeat(64)}`);
    expect(wrong.status).toBe(401);
    expect(await fetch(`${origin}/`, { headers: { authorization: 'Bearer nope' } }).then((r) => r.status)).toBe(401);
    // Positive controls: the printed URL and the Bearer header are let in.
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(`${origin}/`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('shows the browser a 401 page for a wrong token, and the station for the right one', async () => {
    const { origin, url } = station.serve;
    const page = station.page;
    const refused = await page.goto(`${origin}/?token=wrong`);
    expect(refused?.status()).toBe(401);
    expect(await page.locator('body').innerText()).toMatch(/401|token|unauthori[sz]ed/i);
    expect(await page.getByTestId('nav-registry').count()).toBe(0);
    const admitted = await page.goto(url);
    expect(admitted?.status()).toBe(200);
    await page.getByTestId('nav-registry').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('refuses the bridge WebSocket without a token, with a wrong token, and from a foreign origin', async () => {
    const { origin, token } = station.serve;
    expect((await tryBridge(bridgeUrl())).outcome).toBe(401);
    expect((await tryBridge(bridgeUrl('f'.repeat(64)), { origin })).outcome).toBe(401);
    const foreign = await tryBridge(bridgeUrl(token), { origin: 'http://evil.example' });
    expect(foreign.outcome).not.toBe('open');
  });

  it('admits the bridge WebSocket with the token from its own origin and answers a request', async () => {
    const { origin, token } = station.serve;
    const { socket, outcome } = await tryBridge(bridgeUrl(token), { origin });
    expect(outcome).toBe('open');
    const reply = await new Promise<BridgeMessage>((resolve) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as BridgeMessage;
        if (message.kind === 'reply' && message.id === 1) resolve(message);
      });
      socket.send(JSON.stringify({ id: 1, channel: 'app:info' }));
    });
    socket.close();
    expect(reply.kind === 'reply' && reply.envelope).toMatchObject({ ok: true, value: { mode: 'headless' } });
  });
});
