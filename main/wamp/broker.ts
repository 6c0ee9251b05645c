import { freshId, randomId } from './ids.js';
import type { Peer } from './peer.js';
import { ErrorUri, MessageType as T, withPayload, type Dict, type Payload } from './protocol.js';

export type MatchPolicy = 'exact' | 'prefix' | 'wildcard';

interface Subscription {
  id: number;
  topic: string;
  match: MatchPolicy;
  /** Topic components, for wildcard matching (empty string = any one component). */
  components: string[];
  subscribers: Set<Peer>;
}

/** The broker role: subscriptions shared per (topic, match) and event delivery with publisher exclusion. */
export class Broker {
  private readonly exact = new Map<string, Subscription>();
  private readonly patterns = new Map<string, Subscription>();
  private readonly byId = new Map<number, Subscription>();
  private readonly bySession = new Map<Peer, Set<Subscription>>();
  published = 0;

  /** Handles SUBSCRIBE: the same (topic, match) gives every session the same subscription id. */
  subscribe(peer: Peer, requestId: number, topic: string, options: Dict): void {
    const match = options.match ?? 'exact';
    if (match !== 'exact' && match !== 'prefix' && match !== 'wildcard') {
      peer.send([T.ERROR, T.SUBSCRIBE, requestId, {}, ErrorUri.invalidArgument, [`unknown match policy ${JSON.stringify(match)} (exact, prefix or wildcard)`]]);
      return;
    }
    const table = match === 'exact' ? this.exact : this.patterns;
    const key = match === 'exact' ? topic : `${match} ${topic}`;
    let subscription = table.get(key);
    if (!subscription) {
      subscription = { id: freshId(this.byId), topic, match, components: topic.split('.'), subscribers: new Set() };
      table.set(key, subscription);
      this.byId.set(subscription.id, subscription);
    }
    subscription.subscribers.add(peer);
    let own = this.bySession.get(peer);
    if (!own) this.bySession.set(peer, (own = new Set()));
    own.add(subscription);
    peer.send([T.SUBSCRIBED, requestId, subscription.id]);
  }

  /** Handles UNSUBSCRIBE; an id the session does not hold gets no_such_subscription and changes nothing. */
  unsubscribe(peer: Peer, requestId: number, subscriptionId: number): void {
    const subscription = this.byId.get(subscriptionId);
    if (!subscription || !subscription.subscribers.has(peer)) {
      peer.send([T.ERROR, T.UNSUBSCRIBE, requestId, {}, ErrorUri.noSuchSubscription, [`no subscription with id ${subscriptionId} for this session`]]);
      return;
    }
    this.detach(peer, subscription);
    peer.send([T.UNSUBSCRIBED, requestId]);
  }

  /** Handles PUBLISH: one EVENT per matching subscription and subscriber, publisher excluded unless exclude_me is false. */
  publish(publisher: Peer, requestId: number, topic: string, options: Dict, payload: Payload): void {
    const publicationId = randomId();
    this.published++;
    const excludeMe = options.exclude_me !== false;
    const exclude = Array.isArray(options.exclude) ? new Set(options.exclude) : undefined;
    const eligible = Array.isArray(options.eligible) ? new Set(options.eligible) : undefined;
    const deliver = (subscription: Subscription, details: Dict) => {
      let message: unknown[] | undefined;
      for (const subscriber of subscription.subscribers) {
        if (excludeMe && subscriber === publisher) continue;
        if (exclude?.has(subscriber.sessionId) || (eligible && !eligible.has(subscriber.sessionId))) continue;
        message ??= withPayload([T.EVENT, subscription.id, publicationId, details], payload);
        subscriber.send(message);
      }
    };
    const exact = this.exact.get(topic);
    if (exact) deliver(exact, {});
    if (this.patterns.size > 0) {
      const components = topic.split('.');
      for (const subscription of this.patterns.values()) {
        if (subscription.match === 'prefix' ? topic.startsWith(subscription.topic) : wildcardMatches(subscription.components, components)) {
          deliver(subscription, { topic });
        }
      }
    }
    if (options.acknowledge === true) publisher.send([T.PUBLISHED, requestId, publicationId]);
  }

  /** Drops every subscription a departed session held. */
  removeSession(peer: Peer): void {
    for (const subscription of this.bySession.get(peer) ?? []) this.detach(peer, subscription, false);
    this.bySession.delete(peer);
  }

  /** Number of live subscriptions (for /info and tests). */
  get subscriptionCount(): number {
    return this.byId.size;
  }

  private detach(peer: Peer, subscription: Subscription, updateSessionIndex = true): void {
    subscription.subscribers.delete(peer);
    if (updateSessionIndex) this.bySession.get(peer)?.delete(subscription);
    if (subscription.subscribers.size > 0) return;
    this.byId.delete(subscription.id);
    if (subscription.match === 'exact') this.exact.delete(subscription.topic);
    else this.patterns.delete(`${subscription.match} ${subscription.topic}`);
  }
}

/** WAMP wildcard rule: same number of components; an empty pattern component matches any one component. */
export function wildcardMatches(pattern: string[], topic: string[]): boolean {
  if (pattern.length !== topic.length) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] !== '' && pattern[i] !== topic[i]) return false;
  return true;
}
