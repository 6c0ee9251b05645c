/**
 * StationApi over the headless station's WebSocket bridge: numbered requests with a per-request
 * timeout, pushes fanned out to listeners, reconnect with backoff. Requests in flight when the socket
 * drops are rejected at once (the answer can never arrive on a new socket).
 */
import {
  isPushChannel,
  type BridgeMessage,
  type BridgeRequest,
  type InvokeChannel,
  type PushChannel,
  type PushChannels,
  type RequestOf,
  type ResponseOf,
  type StationApi,
} from '../../../shared/ipc.js';
import type { LinkState, StationLink } from './link.js';

/** The part of the browser WebSocket the client uses (so tests may hand in any compatible socket). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface BridgeOptions {
  url: string;
  /** Default per-request timeout; op:wait gets its own timeout plus this. */
  requestTimeoutMs?: number;
  /** Reconnect delays grow from min to max, doubling. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  createSocket?: (url: string) => SocketLike;
}

/** An Error that carries the handler's error code (`not_connected`, `agent_error`, …). */
export class StationError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'StationError';
  }
}

interface Pending {
  channel: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

const OPEN = 1;

export class BridgeClient implements StationLink {
  readonly api: StationApi;
  private socket: SocketLike | null = null;
  private current: LinkState = { status: 'connecting' };
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly pushListeners = new Map<PushChannel, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: LinkState) => void>();
  private readonly options: Required<BridgeOptions>;

  constructor(options: BridgeOptions) {
    this.options = {
      requestTimeoutMs: 15_000,
      backoffMinMs: 250,
      // A restarted station is back within seconds: retry at least every 2 s so the page follows it promptly.
      backoffMaxMs: 2_000,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      ...options,
    };
    this.api = {
      invoke: <C extends InvokeChannel>(channel: C, request: RequestOf<C>) => this.invoke(channel, request),
      on: <C extends PushChannel>(channel: C, listener: (payload: PushChannels[C]) => void) => this.on(channel, listener),
    };
    this.open();
  }

  state(): LinkState {
    return this.current;
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Stops reconnecting and rejects what is pending. */
  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.failPending('the bridge client was closed');
    this.socket?.close(1000, 'client closed');
    this.socket = null;
  }

  private invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== OPEN) {
        reject(new StationError('not_connected', `${channel}: the bridge to the station is down (reconnecting)`));
        return;
      }
      const id = this.nextId++;
      const timeoutMs = this.timeoutFor(channel, request);
      const timer =
        timeoutMs === null
          ? null
          : setTimeout(() => {
              this.pending.delete(id);
              reject(new StationError('timeout', `${channel}: no answer from the station within ${timeoutMs / 1000} s`));
            }, timeoutMs);
      this.pending.set(id, { channel, resolve: resolve as (value: unknown) => void, reject, timer });
      const message: BridgeRequest = { id, channel, request };
      this.socket.send(JSON.stringify(message));
    });
  }

  /** op:wait blocks on the agent for up to its own timeout; no timeout means wait as long as the agent does. */
  private timeoutFor(channel: InvokeChannel, request: unknown): number | null {
    if (channel !== 'op:wait') return this.options.requestTimeoutMs;
    const waitSeconds = (request as { timeout?: number | null } | undefined)?.timeout;
    if (waitSeconds === null || waitSeconds === undefined || waitSeconds < 0) return null;
    return waitSeconds * 1000 + this.options.requestTimeoutMs;
  }

  private on<C extends PushChannel>(channel: C, listener: (payload: PushChannels[C]) => void): () => void {
    let listeners = this.pushListeners.get(channel);
    if (!listeners) this.pushListeners.set(channel, (listeners = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    listeners.add(wrapped);
    return () => listeners.delete(wrapped);
  }

  private open(): void {
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState({ status: 'connected' });
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined; // onclose follows and carries the code.
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const reason = describeClose(event.code, event.reason);
      this.failPending(`the bridge to the station closed (${reason})`);
      if (this.closed) return;
      this.attempt += 1;
      this.setState({ status: 'reconnecting', attempt: this.attempt, reason });
      const delay = Math.min(this.options.backoffMaxMs, this.options.backoffMinMs * 2 ** (this.attempt - 1));
      this.reconnectTimer = setTimeout(() => this.open(), delay);
    };
  }

  private receive(data: unknown): void {
    let message: BridgeMessage;
    try {
      message = JSON.parse(String(data)) as BridgeMessage;
    } catch {
      console.warn('station bridge: ignoring a message that is not JSON');
      return;
    }
    if (message.kind === 'reply') {
      const pending = this.pending.get(message.id);
      if (!pending) return; // Timed out already.
      this.pending.delete(message.id);
      if (pending.timer) clearTimeout(pending.timer);
      const envelope = message.envelope;
      if (envelope.ok) pending.resolve(envelope.value);
      else pending.reject(new StationError(envelope.error.code, envelope.error.message));
    } else if (message.kind === 'push' && isPushChannel(message.channel)) {
      for (const listener of this.pushListeners.get(message.channel) ?? []) listener(message.payload);
    }
  }

  private failPending(why: string): void {
    for (const [id, pending] of this.pending) {
      if (pending.timer) clearTimeout(pending.timer);
      pending.reject(new StationError('not_connected', `${pending.channel}: ${why}`));
      this.pending.delete(id);
    }
  }

  private setState(state: LinkState): void {
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

function describeClose(code: number, reason: string): string {
  if (reason) return `${reason}, code ${code}`;
  if (code === 1006) return 'connection lost or refused';
  return `code ${code}`;
}
