import { silentLogger, type OcsLogger } from '../../ocs/logger.js';
import { parseIncoming, prepareOutgoing, shouldDrop, validateDestination, type SenderIdentity, type TestbedMessage } from '../messages.js';
import { OutboundBuffer } from './outbound-buffer.js';
import type { BusOptions, BusState, BusStats, MessageHandler, MessageMeta, Subscription, TestbedBus } from './types.js';

/** One subscribe() call; `handle` is whatever the transport needs to undo it on the live link. */
export interface SubscriptionRecord {
  readonly destination: string;
  readonly handler: MessageHandler;
  handle: unknown;
  /** Resolves `ready` of the Subscription (first confirmation by the broker/router). */
  confirm(): void;
}

/**
 * What both adapters share: state and its listeners, the envelope rules, the bounded outage queue,
 * resubscribing and flushing after every (re)connect, parsing and counting of received bodies.
 * An adapter supplies the transport: open/close the link, write one body, add/remove one subscription,
 * and reports link changes through `linkUp()` / `linkDown()`.
 */
/** How long a reconnect waits for the broker to confirm the resubscriptions before announcing itself anyway. */
const RESUBSCRIBE_CONFIRM_TIMEOUT_MS = 5_000;

export abstract class BusCore implements TestbedBus {
  protected readonly logger: OcsLogger;
  private readonly identity: SenderIdentity | undefined;
  private readonly connectTimeoutMs: number;
  private readonly outbox: OutboundBuffer;
  private readonly subscriptions = new Set<SubscriptionRecord>();
  private readonly stateListeners = new Set<(state: BusState) => void>();
  private readonly counters: Omit<BusStats, 'queued'> = { sent: 0, received: 0, malformed: 0, dropped: 0, handlerErrors: 0, reconnects: 0 };
  private current: BusState = 'disconnected';
  private connectedOnce = false;
  private closed = false;
  private firstConnect: { resolve(): void; reject(error: Error): void } | null = null;
  /** Resubscriptions of the current link not yet confirmed by the broker (null once announced). */
  private awaitingConfirm: Set<SubscriptionRecord> | null = null;
  private confirmTimer: ReturnType<typeof setTimeout> | null = null;

  protected constructor(options: BusOptions, protected readonly describeLink: string) {
    this.logger = options.logger ?? silentLogger;
    this.identity = options.identity;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.outbox = new OutboundBuffer(options.maxQueued ?? 1000);
  }

  /** Starts the link (and its own reconnect loop). */
  protected abstract openLink(): void;
  /** Ends the link for good. */
  protected abstract closeLink(): Promise<void>;
  /** Writes one JSON body; throws synchronously when the link is not usable. */
  protected abstract write(destination: string, body: string): Promise<void>;
  /** Subscribes one record on the live link; returns its transport handle. */
  protected abstract addSubscription(record: SubscriptionRecord): unknown;
  /** Removes one record's subscription from the live link. */
  protected abstract removeSubscription(record: SubscriptionRecord): void;

  /** Public state: a fresh link counts as 'connected' only once its resubscriptions are confirmed (as announced). */
  get state(): BusState {
    return this.current === 'connected' && this.awaitingConfirm ? 'connecting' : this.current;
  }

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`testbed bus: ${this.describeLink} is closed`));
    if (this.current === 'connected') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = this.connectTimeoutMs > 0
        ? setTimeout(() => this.failConnect(new Error(`testbed bus: could not connect to ${this.describeLink} within ${this.connectTimeoutMs} ms`)), this.connectTimeoutMs)
        : null;
      this.firstConnect = {
        resolve: () => { if (timer) clearTimeout(timer); resolve(); },
        reject: (error) => { if (timer) clearTimeout(timer); reject(error); },
      };
      if (this.current === 'disconnected') {
        this.setState('connecting');
        this.openLink();
      }
    });
  }

  send(destination: string, message: TestbedMessage): Promise<void> {
    validateDestination(destination);
    const body = JSON.stringify(this.identity ? prepareOutgoing(message, this.identity) : message);
    if (this.closed) return Promise.reject(new Error(`testbed bus: message to ${destination} not sent: the bus is closed`));
    // Behind queued sends, a new one waits its turn so the order of send() calls is kept.
    if (this.current === 'connected' && this.outbox.size === 0) {
      try {
        return this.write(destination, body).then(() => { this.counters.sent += 1; });
      } catch {
        // The link died under us: fall through to the queue.
      }
    }
    return this.outbox.push(destination, body, `not connected to ${this.describeLink}`);
  }

  subscribe(destination: string, handler: MessageHandler): Subscription {
    validateDestination(destination);
    let resolveReady = () => {};
    const ready = new Promise<void>((resolve) => { resolveReady = resolve; });
    const record: SubscriptionRecord = {
      destination,
      handler,
      handle: null,
      confirm: () => {
        resolveReady();
        this.resubscribed(record);
      },
    };
    this.subscriptions.add(record);
    if (this.current === 'connected') record.handle = this.addSubscription(record);
    const unsubscribe = () => {
      if (!this.subscriptions.delete(record)) return;
      if (this.current === 'connected' && record.handle !== null) this.removeSubscription(record);
      record.handle = null;
    };
    return Object.assign(unsubscribe, { ready });
  }

  onState(listener: (state: BusState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  stats(): BusStats {
    return { ...this.counters, queued: this.outbox.size };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.failConnect(new Error(`testbed bus: closed before connecting to ${this.describeLink}`));
    this.outbox.rejectAll('the bus was closed before the link came back');
    await this.closeLink();
    this.setState('disconnected');
  }

  /** Adapter: the link is up (first time or again). Resubscribes, flushes the outage queue, then reports. */
  protected linkUp(): void {
    if (this.closed) return;
    if (this.connectedOnce) this.counters.reconnects += 1;
    const queued = this.outbox.size;
    this.connectedOnce = true;
    this.current = 'connected';
    // 'connected' is announced once the broker confirmed every resubscription: a listener that reacts by
    // sending to a topic must not race our own subscription to it.
    this.awaitingConfirm = new Set(this.subscriptions);
    for (const record of this.subscriptions) record.handle = this.addSubscription(record);
    this.flush();
    this.logger.info(`testbed bus: connected to ${this.describeLink} (${this.subscriptions.size} subscriptions, ${queued} queued sends flushed)`);
    if (this.awaitingConfirm.size === 0) this.announceConnected();
    else this.confirmTimer = setTimeout(() => this.announceConnected(), RESUBSCRIBE_CONFIRM_TIMEOUT_MS);
  }

  private resubscribed(record: SubscriptionRecord): void {
    if (!this.awaitingConfirm?.delete(record) || this.awaitingConfirm.size > 0) return;
    this.announceConnected();
  }

  private announceConnected(): void {
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    this.awaitingConfirm = null;
    if (this.closed || this.current !== 'connected') return;
    this.emit('connected');
    const first = this.firstConnect;
    this.firstConnect = null;
    first?.resolve();
  }

  /** Adapter: the link went down; the adapter keeps retrying unless the bus is closed. */
  protected linkDown(reason: string): void {
    if (this.closed || this.current !== 'connected') return;
    this.logger.warn(`testbed bus: lost ${this.describeLink}: ${reason}; reconnecting`);
    for (const record of this.subscriptions) record.handle = null;
    this.awaitingConfirm = null;
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    this.setState('connecting');
  }

  /** Adapter: the first connection cannot succeed (e.g. refused credentials); connect() rejects and the bus closes. */
  protected failConnect(error: Error): void {
    const first = this.firstConnect;
    if (!first) return;
    this.firstConnect = null;
    first.reject(error);
    if (!this.closed) void this.close();
  }

  /** Adapter: a body arrived for `record`. Malformed bodies and handler errors are counted and logged, never thrown. */
  protected deliver(record: SubscriptionRecord, body: unknown, meta: MessageMeta): void {
    if (!this.subscriptions.has(record)) return;
    const parsed = typeof body === 'string' ? parseIncoming(body) : { ok: false as const, reason: `body is not text (${typeof body})` };
    if (!parsed.ok) {
      this.counters.malformed += 1;
      this.logger.warn(`testbed bus: ignored a malformed message on ${meta.destination} (${this.counters.malformed} so far): ${parsed.reason}`);
      return;
    }
    if (this.identity && shouldDrop(parsed.message, this.identity.namespace)) {
      this.counters.dropped += 1;
      return;
    }
    this.counters.received += 1;
    const fail = (error: unknown) => {
      this.counters.handlerErrors += 1;
      this.logger.error(`testbed bus: handler for ${meta.destination} failed on ${String(parsed.message.msg_type ?? parsed.message.command)}: ${error instanceof Error ? error.message : String(error)}`);
    };
    try {
      const result = record.handler(parsed.message, meta);
      if (result && typeof (result as Promise<void>).then === 'function') (result as Promise<void>).catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  private flush(): void {
    for (let item = this.outbox.shift(); item; item = this.outbox.shift()) {
      const pending = item;
      let written: Promise<void>;
      try {
        written = this.write(pending.destination, pending.body);
      } catch {
        // The link dropped again mid-flush: keep the rest, in order, for the next connection.
        this.outbox.unshift(pending);
        return;
      }
      written.then(() => { this.counters.sent += 1; pending.resolve(); }, (error: Error) => pending.reject(error));
    }
  }

  private setState(state: BusState): void {
    if (this.current === state) return;
    this.current = state;
    this.emit(state);
  }

  private emit(state: BusState): void {
    for (const listener of this.stateListeners) {
      try {
        listener(state);
      } catch (error) {
        this.logger.error(`testbed bus: state listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
