/**
 * Test helpers for the OCS agent and registry integration tests: a raw WAMP JSON client (to see
 * the exact frames an agent sends back) and a recording WebSocket proxy (to see what it sends).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../helpers/net.js';

export type WampMessage = unknown[];

/** A minimal WAMP v2 JSON client that keeps every frame it receives. */
export class RawWampClient {
  readonly received: WampMessage[] = [];
  private readonly arrivals = new WeakMap<WampMessage, number>();
  private nextRequest = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WampMessage;
      this.arrivals.set(message, Date.now());
      this.received.push(message);
    });
  }

  /** Date.now() when `frame` arrived. */
  arrivedAt(frame: WampMessage): number {
    return this.arrivals.get(frame) ?? NaN;
  }

  /** Opens a socket, says HELLO and waits for WELCOME. */
  static async connect(url: string, realm: string): Promise<RawWampClient> {
    const ws = new WebSocket(url, ['wamp.2.json']);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const client = new RawWampClient(ws);
    const roles = { caller: { features: {} }, publisher: { features: {} }, subscriber: { features: { pattern_based_subscription: true } } };
    client.send([1, realm, { roles }]);
    await client.next((m) => m[0] === 2, 'WELCOME');
    return client;
  }

  send(message: WampMessage): void {
    this.ws.send(JSON.stringify(message));
  }

  /** Resolves with the first received frame matching `match` (already received or not). */
  next(match: (message: WampMessage) => boolean, what = 'frame', timeoutMs = 10_000): Promise<WampMessage> {
    return waitFor(() => this.received.find(match), timeoutMs, what, 5);
  }

  /** Sends CALL and resolves with the raw RESULT `[50, id, details, args?, kwargs?]` or ERROR frame. */
  async call(procedure: string, args?: unknown[], kwargs?: Record<string, unknown>, timeoutMs = 10_000): Promise<WampMessage> {
    const request = this.nextRequest++;
    const message: WampMessage = [48, request, {}, procedure];
    if (args !== undefined || kwargs !== undefined) message.push(args ?? []);
    if (kwargs !== undefined) message.push(kwargs);
    this.send(message);
    return this.next((m) => (m[0] === 50 && m[1] === request) || (m[0] === 8 && m[1] === 48 && m[2] === request), `reply to ${procedure}`, timeoutMs);
  }

  /** Sends CALL and returns the single positional result (the OCS reply), failing on ERROR. */
  async callResult<T = unknown>(procedure: string, args?: unknown[], kwargs?: Record<string, unknown>, timeoutMs?: number): Promise<T> {
    const reply = await this.call(procedure, args, kwargs, timeoutMs);
    if (reply[0] !== 50) throw new Error(`call failed: ${JSON.stringify(reply)}`);
    return (reply[3] as unknown[])[0] as T;
  }

  /** Subscribes and returns the subscription id. */
  async subscribe(topic: string, options: Record<string, unknown> = {}): Promise<number> {
    const request = this.nextRequest++;
    this.send([32, request, options, topic]);
    const reply = await this.next((m) => m[1] === request && (m[0] === 33 || m[0] === 8), `SUBSCRIBED ${topic}`);
    if (reply[0] !== 33) throw new Error(`subscribe failed: ${JSON.stringify(reply)}`);
    return reply[2] as number;
  }

  publish(topic: string, args: unknown[]): void {
    this.send([16, this.nextRequest++, {}, topic, args]);
  }

  /** EVENT frames of one subscription, in arrival order. */
  events(subscription: number): WampMessage[] {
    return this.received.filter((m) => m[0] === 36 && m[1] === subscription);
  }

  close(): void {
    this.ws.close();
  }
}

/** A WebSocket proxy in front of the router that records every frame a client sends. */
export interface RecordingProxy {
  url: string;
  /** Frames sent by clients of the proxy, parsed. */
  sent: WampMessage[];
  close(): Promise<void>;
}

/** Starts a recording proxy to `targetUrl` on a free loopback port. */
export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, handleProtocols: (protocols) => [...protocols][0] ?? false });
  const sent: WampMessage[] = [];
  const sockets = new Set<WebSocket>();
  wss.on('connection', (client, request) => {
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const upstream = new WebSocket(targetUrl, protocols);
    sockets.add(client).add(upstream);
    const queue: string[] = [];
    upstream.on('open', () => queue.splice(0).forEach((m) => upstream.send(m)));
    client.on('message', (data) => {
      const text = String(data);
      sent.push(JSON.parse(text) as WampMessage);
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else queue.push(text);
    });
    upstream.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(String(data)));
    upstream.on('close', () => client.close());
    client.on('close', () => upstream.close());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws`,
    sent,
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Median of the gaps between consecutive numbers. */
export function medianGap(times: number[]): number {
  const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}
