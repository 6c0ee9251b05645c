/**
 * The handler table over the WebSocket bridge: a real `ws` server with attachBridgeSocket in front
 * of a real station (embedded router + demo site), and real `ws` clients speaking BridgeRequest JSON.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { AgentRow, BridgeMessage, Envelope } from '../../../shared/ipc.js';
import type { HandlerTable } from '../../../main/ipc/handler-table.js';
import { attachBridgeSocket, type BridgeSocketOptions } from '../../../main/ipc/ws-binding.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { waitFor } from '../../helpers/net.js';
import { unlockExpert } from '../../helpers/unlock.js';

const THERMO = 'observatory.demo-thermo';

/** A bridge client that records every message with its arrival time. */
class BridgeClient {
  readonly messages: Array<{ message: BridgeMessage; at: number }> = [];
  closeCode: number | null = null;
  closeReason = '';
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => this.messages.push({ message: JSON.parse(data.toString()) as BridgeMessage, at: Date.now() }));
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
  }

  static async open(url: string): Promise<BridgeClient> {
    const ws = new WebSocket(url);
    const client = new BridgeClient(ws);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return client;
  }

  /** Sends a request and resolves with its envelope. */
  async request(channel: string, request?: unknown): Promise<Envelope<unknown>> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, channel, request }));
    return this.reply(id);
  }

  async reply(id: number, timeoutMs = 10_000): Promise<Envelope<unknown>> {
    const found = await waitFor(() => this.messages.find((m) => m.message.kind === 'reply' && m.message.id === id), timeoutMs, `reply ${id}`);
    return (found.message as Extract<BridgeMessage, { kind: 'reply' }>).envelope;
  }

  pushes(channel: string): Array<{ payload: unknown; at: number }> {
    return this.messages.flatMap(({ message, at }) => (message.kind === 'push' && message.channel === channel ? [{ payload: message.payload, at }] : []));
  }

  async closed(): Promise<number> {
    return waitFor(() => this.closeCode, 5000, 'the bridge to close the socket');
  }
}

let station: Station;
let server: WebSocketServer;
/** Push subscriptions the bridge holds on the station's table right now. */
let activeSubscriptions = 0;
let url: string;
const clients: BridgeClient[] = [];

async function connect(options: Record<string, string> = {}): Promise<BridgeClient> {
  const client = await BridgeClient.open(`${url}?${new URLSearchParams(options)}`);
  clients.push(client);
  return client;
}

/** The station's table, counting push subscriptions so the test can see the bridge let go of closed sockets. */
const countingTable: HandlerTable = {
  invoke: (channel, request, caller) => station.table.invoke(channel, request, caller),
  get accessSettings() {
    return station.table.accessSettings;
  },
  onPush(listener) {
    activeSubscriptions += 1;
    const off = station.table.onPush(listener);
    return () => {
      activeSubscriptions -= 1;
      off();
    };
  },
};

beforeAll(async () => {
  station = await createStation({ mode: 'headless', wampPort: 0 });
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  // Per-connection binding options from the query, so one server covers the default and the capped case.
  server.on('connection', (socket, request) => {
    const query = new URL(request.url ?? '/', 'http://x').searchParams;
    const options: BridgeSocketOptions = query.has('cap') ? { maxInFlight: Number(query.get('cap')) } : {};
    attachBridgeSocket(countingTable, socket, options);
  });
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/bridge`;
});
afterAll(async () => {
  for (const client of clients) client.ws.terminate();
  await new Promise((resolve) => server?.close(resolve));
  await station?.close();
});

describe('WebSocket bridge', () => {
  it('answers requests under their ids, results and errors alike', async () => {
    const client = await connect();
    const [info, api, bad, unknown] = await Promise.all([
      client.request('app:info'),
      client.request('agent:api', { address: THERMO }),
      client.request('op:start', { address: THERMO }),
      client.request('op:launch', {}),
    ]);
    expect(info).toMatchObject({ ok: true, value: { mode: 'headless' } });
    expect(api).toMatchObject({ ok: true, value: { agent_class: 'DemoThermometry' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining("field 'op'") } });
    expect(unknown).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'unknown channel "op:launch"' } });
  });

  it('batches pushes: at most one registry:rows per ~50 ms, with every agent delivered', async () => {
    const client = await connect();
    let publisher: OpenSession | null = null;
    try {
      publisher = await openSession(station.router!.wsUrl);
      // 200 fake agents, 600 heartbeats within about a second: far more events than pushes.
      const start = Date.now();
      for (let i = 0; i < 600; i++) {
        const address = `observatory.flood${i % 200}`;
        publisher.session.publish(`${address}.feeds.heartbeat`, [[{ acq: 3 }, { agent_address: address, agent_class: 'Flood' }]]);
        if (i % 30 === 29) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const flooded = () => new Set(client.pushes('registry:rows').flatMap((p) => (p.payload as AgentRow[]).map((row) => row.address)).filter((a) => a.includes('flood')));
      await waitFor(() => flooded().size === 200, 5000, 'all 200 flood agents to be pushed');
      const times = client.pushes('registry:rows').map((p) => p.at).filter((at) => at >= start);
      expect(times.length).toBeLessThan(60);
      // Sent at most once per 50 ms; arrival times jitter (one frame held up under load arrives close to the next),
      // so the rate is checked over the whole span and each gap only loosely.
      const gaps = times.slice(1).map((at, i) => at - times[i]);
      expect(times.length - 1, `gaps ${gaps.join(' ')}`).toBeLessThanOrEqual(Math.floor((times.at(-1)! - times[0]) / 45) + 1);
      expect(gaps.filter((gap) => gap < 40).length, `gaps ${gaps.join(' ')}`).toBeLessThanOrEqual(Math.ceil(gaps.length / 5));
    } finally {
      await publisher?.close();
    }
  });

  it('pushes connection:state on switches', async () => {
    const client = await connect();
    await unlockExpert(client.ws);
    const switched = await client.request('connection:set', { kind: 'embedded' });
    expect(switched).toMatchObject({ ok: true, value: { status: 'connected' } });
    await waitFor(() => client.pushes('connection:state').some((p) => (p.payload as { status: string }).status === 'connected'), 2000, 'a connected state push');
  });

  it('closes with 1007 on malformed JSON, naming the problem, and other clients carry on', async () => {
    const bystander = await connect();
    const client = await connect();
    client.ws.send('{"id": 1, "channel": ');
    expect(await client.closed()).toBe(1007);
    expect(client.closeReason).toMatch(/^malformed JSON/);
    expect(await bystander.request('app:info')).toMatchObject({ ok: true });
  });

  it('closes with 1008 when a request has no usable id', async () => {
    for (const frame of ['[1, "app:info"]', '{"channel": "app:info"}', '{"id": "7", "channel": "app:info"}', 'null']) {
      const client = await connect();
      client.ws.send(frame);
      expect(await client.closed()).toBe(1008);
      expect(client.closeReason).toMatch(/request/);
    }
  });

  it('refuses binary frames with 1003', async () => {
    const client = await connect();
    client.ws.send(Buffer.from(JSON.stringify({ id: 1, channel: 'app:info' })), { binary: true });
    expect(await client.closed()).toBe(1003);
    expect(client.closeReason).toContain('binary');
  });

  it('caps the requests in flight per socket, without touching other sockets', async () => {
    const capped = await connect({ cap: '2' });
    const other = await connect();
    expect(await capped.request('op:start', { address: THERMO, op: 'calibrate', params: { duration: 20 } })).toMatchObject({ ok: true, value: { status: 0 } });
    try {
      const waits = [1, 2].map(() => capped.request('op:wait', { address: THERMO, op: 'calibrate', timeout: 2 }));
      const refused = await capped.request('op:status', { address: THERMO, op: 'calibrate' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('too many requests in flight') } });
      expect(await other.request('op:status', { address: THERMO, op: 'calibrate' })).toMatchObject({ ok: true, value: { status: 0 } });
      const answered = await Promise.all(waits);
      // wait with a timeout answers TIMEOUT (1) while the task still runs.
      for (const envelope of answered) expect(envelope).toMatchObject({ ok: true, value: { status: 1 } });
      expect(await capped.request('op:status', { address: THERMO, op: 'calibrate' })).toMatchObject({ ok: true });
    } finally {
      await other.request('op:abort', { address: THERMO, op: 'calibrate' });
    }
  });

  it('lets go of the push subscription when a socket closes', async () => {
    const before = activeSubscriptions;
    const client = await connect();
    await waitFor(() => activeSubscriptions === before + 1, 2000, 'the bridge to subscribe');
    client.ws.close();
    await client.closed();
    await waitFor(() => activeSubscriptions === before, 2000, 'the bridge to unsubscribe');
  });
});
