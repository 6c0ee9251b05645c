import type autobahn from 'autobahn';
import type { FeedFieldRef, FeedSeriesBatch, FeedsListView, FeedSubscriptionView, FeedView } from '../../shared/feeds.js';
import { feedKey } from '../../shared/feeds.js';
import type { AgentApi, FeedInfo } from '../../shared/ocs-codes.js';
import { IpcError } from '../ipc/ipc-error.js';
import { FeedBuffers } from './feed-buffers.js';
import { feedEventMessage } from './feed-parse.js';
import type { HeartbeatView } from './station-bus.js';

export interface FeedServiceDeps {
  /** The station's joined session, or null. */
  session(): autobahn.Session | null;
  /** The agent's get_api (through the op service). */
  api(address: string): Promise<AgentApi>;
  /** Pushes `feeds:data` (the bindings batch and merge it). */
  publish(channel: 'feeds:data', payload: FeedSeriesBatch[]): void;
  warn(message: string): void;
  buffers?: FeedBuffers;
}

interface Listener {
  address: string;
  feed: string;
  refs: number;
  /** The session the subscription below belongs to (a rejoin makes a new one). */
  session: autobahn.Session | null;
  subscription: autobahn.Subscription | null;
  pending: Promise<void> | null;
}

/** The heartbeat feed carries op codes, not samples (the Registry and op views show those). */
const HIDDEN_FEEDS = new Set(['heartbeat']);

/**
 * Live feeds for the Plots view over the station's WAMP session: one ref-counted bus subscription
 * per feed, recent points kept in FeedBuffers, new points pushed as `feeds:data`. A HeartbeatView
 * of the station bus, so subscriptions are re-made on the session of a rejoin (within a heartbeat).
 */
export class FeedService implements HeartbeatView {
  private readonly listeners = new Map<string, Listener>();
  readonly buffers: FeedBuffers;

  constructor(private readonly deps: FeedServiceDeps) {
    this.buffers = deps.buffers ?? new FeedBuffers();
  }

  /** The agent's feeds with their numeric fields; record feeds not seen yet are listened to for up to `waitMs`. */
  async list(address: string, waitMs: number): Promise<FeedsListView> {
    if (!this.deps.session()) throw new IpcError('not_connected', `cannot list the feeds of ${address}: the station is not connected to a router`);
    const api = await this.deps.api(address);
    const feeds = (api.feeds ?? []).filter(([name]) => !HIDDEN_FEEDS.has(name));
    const unknown = feeds.filter(([name, info]) => info.record && !declaredFields(info) && this.buffers.fields(address, name).length === 0).map(([name]) => name);
    if (unknown.length > 0 && waitMs > 0) await this.discover(address, unknown, waitMs);
    return { address, feeds: feeds.map(([name, info]) => this.view(address, name, info)) };
  }

  /** Adds a reference to the feed's subscription (made now or on the next join) and returns its buffered points. */
  async subscribe(address: string, feed: string): Promise<FeedSubscriptionView> {
    const listener = this.acquire(address, feed);
    await this.ensure(listener).catch(() => undefined);
    return {
      address,
      feed,
      fields: this.buffers.fields(address, feed),
      series: this.buffers.series(address, feed),
      stats: this.buffers.stats(address, feed),
      live: listener.subscription !== null,
    };
  }

  /** Drops one reference; the bus subscription goes with the last. Returns the references left. */
  async unsubscribe(address: string, feed: string): Promise<{ refs: number }> {
    const key = feedKey(address, feed);
    const listener = this.listeners.get(key);
    if (!listener) return { refs: 0 };
    listener.refs--;
    if (listener.refs > 0) return { refs: listener.refs };
    this.listeners.delete(key);
    const subscription = listener.subscription;
    listener.subscription = null;
    listener.session = null;
    // The router may already be gone; the subscription then went with the session.
    if (subscription?.active) await Promise.resolve(subscription.unsubscribe()).catch(() => undefined);
    return { refs: 0 };
  }

  /** @inheritdoc Re-subscribes any feed whose subscription belongs to an old session. */
  onHeartbeat(): void {
    for (const listener of this.listeners.values()) void this.ensure(listener).catch(() => undefined);
  }

  /** @inheritdoc The station moved to another bus: old points and subscriptions are meaningless there. */
  clear(): void {
    this.buffers.clear();
    for (const listener of this.listeners.values()) {
      listener.session = null;
      listener.subscription = null;
    }
  }

  /** References held per feed (for tests and diagnostics). */
  refs(address: string, feed: string): number {
    return this.listeners.get(feedKey(address, feed))?.refs ?? 0;
  }

  private acquire(address: string, feed: string): Listener {
    const key = feedKey(address, feed);
    let listener = this.listeners.get(key);
    if (!listener) {
      listener = { address, feed, refs: 0, session: null, subscription: null, pending: null };
      this.listeners.set(key, listener);
    }
    listener.refs++;
    return listener;
  }

  private ensure(listener: Listener): Promise<void> {
    const session = this.deps.session();
    if (!session || listener.refs === 0) return Promise.resolve();
    if (listener.session === session) return listener.pending ?? Promise.resolve();
    listener.session = session;
    listener.subscription = null;
    const topic = `${listener.address}.feeds.${listener.feed}`;
    const pending = Promise.resolve(session.subscribe(topic, (args) => this.onEvent(listener, session, args)))
      .then((subscription) => {
        // Released (or moved to a newer session) while the SUBSCRIBE was in flight.
        if (listener.refs === 0 || listener.session !== session) void Promise.resolve(subscription.unsubscribe()).catch(() => undefined);
        else listener.subscription = subscription;
      })
      .catch((error: unknown) => {
        if (listener.session === session) listener.session = null;
        this.deps.warn(`feeds: cannot subscribe to ${topic}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      })
      .finally(() => {
        if (listener.pending === pending) listener.pending = null;
      });
    listener.pending = pending;
    return pending;
  }

  private onEvent(listener: Listener, session: autobahn.Session, args: unknown): void {
    // A late event of a replaced subscription would duplicate points.
    if (listener.session !== session) return;
    const added = this.buffers.ingest(listener.address, listener.feed, feedEventMessage(args));
    if (added.length > 0) this.deps.publish('feeds:data', added);
  }

  /** Holds a temporary reference on each feed until it has shown numeric fields or `waitMs` passed. */
  private async discover(address: string, feeds: string[], waitMs: number): Promise<void> {
    for (const feed of feeds) this.acquire(address, feed);
    try {
      await Promise.all(feeds.map((feed) => this.ensure(this.listeners.get(feedKey(address, feed))!).catch(() => undefined)));
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline && feeds.some((feed) => this.buffers.fields(address, feed).length === 0)) await sleep(50);
    } finally {
      for (const feed of feeds) await this.unsubscribe(address, feed);
    }
  }

  private view(address: string, name: string, info: FeedInfo): FeedView {
    const declared = declaredFields(info);
    const seen = this.buffers.fields(address, name);
    return {
      name,
      topic: info.address,
      record: info.record,
      // Seen fields carry their block names; declared ones may not, so data wins once there is some.
      fields: seen.length > 0 ? seen : (declared ?? []),
      fieldsFrom: seen.length > 0 ? 'data' : declared ? 'declared' : 'none',
      subscribed: (this.listeners.get(feedKey(address, name))?.subscription ?? null) !== null,
      stats: this.buffers.stats(address, name),
    };
  }
}

/**
 * Fields an agent declares in its feed info. OCS itself declares none; a `fields` list (of names,
 * or of `{block, field}`) in the feed info or its agg_params is honoured when present.
 */
function declaredFields(info: FeedInfo): FeedFieldRef[] | null {
  const raw: unknown = (info as unknown as Record<string, unknown>).fields ?? info.agg_params?.fields;
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const fields: FeedFieldRef[] = [];
  for (const item of raw) {
    if (typeof item === 'string') fields.push({ block: '', field: item });
    else if (typeof item === 'object' && item !== null && typeof (item as FeedFieldRef).field === 'string') {
      fields.push({ block: typeof (item as FeedFieldRef).block === 'string' ? (item as FeedFieldRef).block : '', field: (item as FeedFieldRef).field });
    }
  }
  return fields.length > 0 ? fields : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
