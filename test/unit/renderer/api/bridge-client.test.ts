/**
 * The bridge client against a real WebSocket server playing the station's side of the bridge
 * (BridgeRequest in, BridgeMessage out). Node 20 has no global WebSocket, so the client gets `ws`'s
 * browser-compatible one (the page's own WebSocket is exercised by the end-to-end tests).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the test plays the station: a real WebSocket server, not a protocol mock.
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { BridgeMessage, BridgeRequest } from '../../../../shared/ipc.js';
import { BridgeClient, StationError, type SocketLike } from '../../../../renderer/src/api/bridge-client.js';
import type { LinkState } from '../../../../renderer/src/api/link.js';

interface TestServer {
  url: string;
  sockets: ServerSocket[];
  requests: BridgeRequest[];
  close(): Promise<void>;
}

/** Starts a bridge server on a free port; `answer` decides the reply to each request (undefined = no reply). */
async function startServer(answer: (request: BridgeRequest, socket: ServerSocket) => BridgeMessage | undefined, port = 0): Promise<TestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const sockets: ServerSocket[] = [];
  const requests: BridgeRequest[] = [];
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as BridgeRequest;
      requests.push(request);
      const reply = answer(request, socket);
      if (reply) socket.send(JSON.stringify(reply));
    });
  });
  const address = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}/bridge?token=t`,
    sockets,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

const ok = (request: BridgeRequest, value: unknown): BridgeMessage => ({ kind: 'reply', id: request.id, envelope: { ok: true, value } });

describe('BridgeClient', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function connect(server: TestServer, options: Partial<ConstructorParameters<typeof BridgeClient>[0]> = {}): Promise<BridgeClient> {
    const client = new BridgeClient({
      url: server.url,
      backoffMinMs: 20,
      backoffMaxMs: 100,
      createSocket: (url) => new NodeWebSocket(url) as unknown as SocketLike,
      ...options,
    });
    cleanup.push(() => client.close());
    await vi.waitFor(() => expect(client.state().status).toBe('connected'));
    return client;
  }

  it('sends numbered requests and resolves each with its own reply', async () => {
    const server = await startServer((request) => ok(request, { echo: request.channel, request: request.request ?? null }));
    cleanup.push(() => server.close());
    const client = await connect(server);
    const [a, b] = await Promise.all([client.api.invoke('connection:get', undefined), client.api.invoke('agent:api', { address: 'obs.a' })]);
    expect(a).toEqual({ echo: 'connection:get', request: null });
    expect(b).toEqual({ echo: 'agent:api', request: { address: 'obs.a' } });
    expect(new Set(server.requests.map((request) => request.id)).size).toBe(2);
  });

  it('rejects with the handler error code and message', async () => {
    const server = await startServer((request) => ({ kind: 'reply', id: request.id, envelope: { ok: false, error: { code: 'bad_request', message: 'op:start: params must be an object' } } }));
    cleanup.push(() => server.close());
    const client = await connect(server);
    const error = await client.api.invoke('op:start', { address: 'a', op: 'b', params: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StationError);
    expect(error).toMatchObject({ code: 'bad_request', message: 'op:start: params must be an object' });
  });

  it('delivers pushes to listeners until they unsubscribe', async () => {
    const server = await startServer(() => undefined);
    cleanup.push(() => server.close());
    const client = await connect(server);
    const received: unknown[] = [];
    const off = client.api.on('registry:rows', (rows) => received.push(rows));
    server.sockets[0].send(JSON.stringify({ kind: 'push', channel: 'registry:rows', payload: [{ address: 'x' }] }));
    server.sockets[0].send('not json'); // Ignored, not fatal.
    server.sockets[0].send(JSON.stringify({ kind: 'push', channel: 'nope', payload: 1 }));
    await vi.waitFor(() => expect(received).toEqual([[{ address: 'x' }]]));
    off();
    server.sockets[0].send(JSON.stringify({ kind: 'push', channel: 'registry:rows', payload: [] }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
    expect(client.state().status).toBe('connected');
  });

  it('times a request out with a message naming the channel', async () => {
    const server = await startServer(() => undefined);
    cleanup.push(() => server.close());
    const client = await connect(server, { requestTimeoutMs: 100 });
    await expect(client.api.invoke('registry:snapshot', undefined)).rejects.toThrow('registry:snapshot: no answer from the station within 0.1 s');
  });

  it('rejects pending requests when the socket drops, refuses new ones while down, then reconnects', async () => {
    const server = await startServer(() => undefined);
    const port = Number(new URL(server.url).port);
    const client = await connect(server);
    const states: LinkState[] = [];
    client.onState((state) => states.push(state));

    const pending = client.api.invoke('op:wait', { address: 'a', op: 'b', timeout: null });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    await server.close();
    await expect(pending).rejects.toMatchObject({ code: 'not_connected', message: expect.stringContaining('op:wait: the bridge to the station closed') });
    await vi.waitFor(() => expect(states[0]).toMatchObject({ status: 'reconnecting', attempt: 1 }));
    await expect(client.api.invoke('app:info', undefined)).rejects.toThrow('app:info: the bridge to the station is down (reconnecting)');

    const again = await startServer((request) => ok(request, 'back'), port);
    cleanup.push(() => again.close());
    await vi.waitFor(() => expect(client.state().status).toBe('connected'), { timeout: 3000 });
    expect(await client.api.invoke('app:info', undefined)).toBe('back');
  });
});
