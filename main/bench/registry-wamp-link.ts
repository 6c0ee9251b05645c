import WebSocket from 'ws';

/** Receives the positional arguments of each EVENT of one subscription, with its arrival time. */
export type EventHandler = (args: unknown[], arrivedAtMs: number) => void;

/** WAMP message type codes used here (WAMP basic profile). */
const WELCOME = 2;
const ABORT = 3;
const GOODBYE = 6;
const ERROR = 8;
const PUBLISH = 16;
const SUBSCRIBE = 32;
const SUBSCRIBED = 33;
const EVENT = 36;

/**
 * A minimal WAMP publisher/subscriber speaking raw JSON frames over `ws`. The load generator sends
 * thousands of heartbeats per second; without autobahn's per-call promises and option handling each
 * publish costs one string concatenation and one frame, which keeps the generator from falling behind.
 */
export class RawWampLink {
  private nextRequestId = 1;
  private readonly pendingSubscribes = new Map<number, { resolve: (id: number) => void; reject: (error: Error) => void }>();
  private readonly handlers = new Map<number, EventHandler>();
  private readonly closed: Promise<void>;
  private closing = false;
  /** Set when the socket closed without close() being called (the router dropped us): `{atMs, code}`. */
  lost: { atMs: number; code: number } | null = null;

  private constructor(private readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.once('close', (code: number) => {
      if (!this.closing) this.lost = { atMs: Date.now(), code };
    });
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', () => {
      for (const pending of this.pendingSubscribes.values()) pending.reject(new Error('WAMP link closed'));
      this.pendingSubscribes.clear();
    });
  }

  /** Opens a WebSocket to `url` and joins `realm` anonymously. */
  static connect(url: string, realm: string, timeoutMs = 10_000): Promise<RawWampLink> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, ['wamp.2.json']);
      const timer = setTimeout(() => fail(new Error(`no WAMP session on ${url} within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.removeAllListeners('message');
        socket.terminate();
        reject(error);
      };
      socket.once('error', fail);
      socket.once('close', () => fail(new Error(`WebSocket to ${url} closed before WELCOME`)));
      socket.once('open', () => socket.send(JSON.stringify([1, realm, { roles: { publisher: {}, subscriber: {} } }])));
      socket.once('message', (data) => {
        const message = JSON.parse(String(data)) as unknown[];
        if (message[0] !== WELCOME) return fail(new Error(`join refused: ${JSON.stringify(message)}`));
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        // A socket error after the join just ends the link; the bench notices through missing events.
        socket.on('error', () => socket.terminate());
        resolve(new RawWampLink(socket));
      });
    });
  }

  /** Sends a PUBLISH (no acknowledge) whose positional arguments are already serialized as `argsJson`. */
  publishSerialized(topic: string, argsJson: string): void {
    this.socket.send(`[${PUBLISH},${this.nextRequestId++},{},${JSON.stringify(topic)},${argsJson}]`);
  }

  /** Bytes queued in the socket but not yet handed to the kernel (a sign the router reads too slowly). */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /** Subscribes to `topic` (exact match) and resolves once the router confirmed. */
  subscribe(topic: string, handler: EventHandler): Promise<void> {
    const requestId = this.nextRequestId++;
    return new Promise<number>((resolve, reject) => {
      this.pendingSubscribes.set(requestId, { resolve, reject });
      this.socket.send(JSON.stringify([SUBSCRIBE, requestId, {}, topic]));
    }).then((subscriptionId) => void this.handlers.set(subscriptionId, handler));
  }

  /** Says GOODBYE and waits for the socket to close (terminates it after 2 s). */
  async close(): Promise<void> {
    this.closing = true;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify([GOODBYE, {}, 'wamp.close.system_shutdown']));
    const killer = setTimeout(() => this.socket.terminate(), 2_000);
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
    clearTimeout(killer);
  }

  private onMessage(text: string): void {
    const arrivedAtMs = Date.now();
    const message = JSON.parse(text) as unknown[];
    switch (message[0]) {
      case EVENT:
        this.handlers.get(message[1] as number)?.(Array.isArray(message[4]) ? message[4] : [], arrivedAtMs);
        return;
      case SUBSCRIBED:
        this.settleSubscribe(message[1] as number, (pending) => pending.resolve(message[2] as number));
        return;
      case ERROR:
        this.settleSubscribe(message[2] as number, (pending) => pending.reject(new Error(`subscribe failed: ${String(message[4])}`)));
        return;
      case GOODBYE:
      case ABORT:
        this.socket.close();
        return;
    }
  }

  private settleSubscribe(requestId: number, settle: (pending: { resolve: (id: number) => void; reject: (error: Error) => void }) => void): void {
    const pending = this.pendingSubscribes.get(requestId);
    if (!pending) return;
    this.pendingSubscribes.delete(requestId);
    settle(pending);
  }
}
