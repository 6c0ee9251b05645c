import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** A reply envelope of the station bridge. */
export interface BridgeEnvelope {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

type PushListener = (channel: string, payload: unknown) => void;

/**
 * A headless viewer: a WebSocket client of `station serve`'s bridge (`/bridge?token=…`), as the
 * renderer uses it. It keeps reading every push, and can call any IPC channel.
 */
export class BridgeClient {
  private nextId = 1;
  private readonly pending = new Map<number, (envelope: BridgeEnvelope) => void>();
  private readonly pushListeners: PushListener[] = [];
  /** Push frames received, by channel. */
  readonly pushCounts = new Map<string, number>();
  closedUnexpectedly = false;
  private closing = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', () => {
      if (!this.closing) this.closedUnexpectedly = true;
      for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'closed', message: 'bridge socket closed' } });
      this.pending.clear();
    });
    socket.on('error', () => socket.terminate());
  }

  /** Opens the bridge of the station at `origin` (http://host:port) with its token. */
  static connect(origin: string, token: string, timeoutMs = 10_000): Promise<BridgeClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/bridge?token=${token}`, { headers: { origin } });
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`bridge ${origin} did not open within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve(new BridgeClient(socket));
      });
      socket.once('unexpected-response', (_request, response) => {
        clearTimeout(timer);
        reject(new Error(`bridge refused: HTTP ${response.statusCode}`));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Calls `channel` and resolves with its envelope (never rejects). */
  call(channel: string, request?: unknown, timeoutMs = 60_000): Promise<BridgeEnvelope> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'timeout', message: `${channel}: no reply within ${timeoutMs} ms` } });
      }, timeoutMs);
      this.pending.set(id, (envelope) => {
        clearTimeout(timer);
        resolve(envelope);
      });
      if (this.socket.readyState !== WebSocket.OPEN) return this.pending.get(id)!({ ok: false, error: { code: 'closed', message: 'bridge socket closed' } });
      this.socket.send(JSON.stringify({ id, channel, request }));
    });
  }

  /** Calls `channel` and returns the value, or throws the envelope's error. */
  async value<T>(channel: string, request?: unknown, timeoutMs?: number): Promise<T> {
    const envelope = await this.call(channel, request, timeoutMs);
    if (!envelope.ok) throw new Error(`${channel}: ${envelope.error?.code}: ${envelope.error?.message}`);
    return envelope.value as T;
  }

  /** Round-trip time of one call, ms (NaN if it failed). */
  async roundTripMs(channel: string): Promise<number> {
    const started = performance.now();
    const envelope = await this.call(channel, undefined, 30_000);
    return envelope.ok ? performance.now() - started : Number.NaN;
  }

  onPush(listener: PushListener): void {
    this.pushListeners.push(listener);
  }

  close(): void {
    this.closing = true;
    this.socket.close();
  }

  private onMessage(text: string): void {
    let message: { kind?: string; id?: number; envelope?: BridgeEnvelope; channel?: string; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.kind === 'reply' && message.id !== undefined) {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.envelope!);
    } else if (message.kind === 'push' && message.channel) {
      this.pushCounts.set(message.channel, (this.pushCounts.get(message.channel) ?? 0) + 1);
      for (const listener of this.pushListeners) listener(message.channel, message.payload);
    }
  }
}
