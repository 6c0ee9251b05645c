import type autobahn from 'autobahn';
import { WampConnection } from '../../ocs/connection.js';
import { parseDestination } from '../messages.js';
import { BusCore, type SubscriptionRecord } from './bus-core.js';
import type { BusOptions, WampBusConfig } from './types.js';

/** URI prefix of every testbed topic on the WAMP router. */
export const WAMP_URI_PREFIX = 'testbed';

/**
 * The WAMP topic a testbed destination maps to: `/topic/x` → `testbed.topic.x`, `/queue/x` →
 * `testbed.queue.x` (dots in the name stay URI separators, e.g. `testbed.queue.workflow_control.torre1`).
 */
export function wampTopicFor(destination: string): string {
  const { kind, name } = parseDestination(destination);
  const uri = `${WAMP_URI_PREFIX}.${kind}.${name}`;
  if (uri.split('.').some((part) => part === '' || part.includes('#'))) {
    throw new Error(`invalid testbed destination ${JSON.stringify(destination)} for WAMP: empty name component or '#'`);
  }
  return uri;
}

/**
 * The testbed bus over WAMP pub/sub (the embedded router: nothing to install). Same JSON bodies as over
 * STOMP: each message is published as one string argument, `args[0]`.
 *
 * Differences from ActiveMQ, by the nature of WAMP pub/sub:
 * - no retention: a message published while nobody is subscribed is gone (as for an ActiveMQ topic);
 * - no anycast: every subscriber of a `/queue/…` destination gets every message. With per-namespace
 *   workflow-control queues and per-user agent-control queues, one consumer per queue is the normal
 *   case, so this only matters if two runners of one namespace run at once;
 * - the sender receives its own messages when it subscribes to the destination (`exclude_me: false`),
 *   as an ActiveMQ subscriber does.
 * Reconnecting is WampConnection's (grows from `reconnectDelayMs` to `maxReconnectDelayMs`, forever).
 */
export class WampBus extends BusCore {
  private readonly connection: WampConnection;

  constructor(config: WampBusConfig, options: BusOptions = {}) {
    super(options, `${config.url} (realm ${config.realm})`);
    if (!/^wss?:\/\//.test(config.url)) throw new Error(`wamp bus: url must start with ws:// or wss://, got ${JSON.stringify(config.url)}`);
    if (!config.realm) throw new Error('wamp bus: realm is required');
    this.connection = new WampConnection({
      url: config.url,
      realm: config.realm,
      logger: this.logger,
      reconnect: { initialDelayMs: config.reconnectDelayMs ?? 1000, maxDelayMs: config.maxReconnectDelayMs ?? 10_000 },
    });
    this.connection.onJoin(() => this.linkUp());
    this.connection.onLeave((info) => this.linkDown(info.reason));
  }

  protected openLink(): void {
    this.connection.open();
  }

  protected closeLink(): Promise<void> {
    return this.connection.close();
  }

  protected write(destination: string, body: string): Promise<void> {
    const session = this.liveSession();
    // Acknowledged publishing: send() settles once the router has taken the message (or refused it).
    const published = session.publish(wampTopicFor(destination), [body], {}, { acknowledge: true, exclude_me: false }) as unknown as Promise<unknown>;
    return published.then(() => undefined, (error: unknown) => {
      throw new Error(`testbed bus: publish to ${destination} failed: ${describe(error)}`);
    });
  }

  protected addSubscription(record: SubscriptionRecord): Promise<autobahn.ISubscription | null> {
    const session = this.liveSession();
    const handler = (args: unknown[] | undefined, _kwargs: unknown, details: autobahn.IEvent | undefined) => {
      this.deliver(record, args?.[0], {
        destination: record.destination,
        messageId: details?.publication !== undefined ? String(details.publication) : '',
        redelivered: false,
        headers: {},
      });
    };
    const subscribed = session.subscribe(wampTopicFor(record.destination), handler as autobahn.SubscribeHandler) as unknown as Promise<autobahn.ISubscription>;
    return subscribed.then(
      (subscription) => {
        record.confirm();
        return subscription;
      },
      (error: unknown) => {
        this.logger.error(`testbed bus: subscribe to ${record.destination} failed: ${describe(error)}`);
        return null;
      },
    );
  }

  protected removeSubscription(record: SubscriptionRecord): void {
    void (record.handle as Promise<autobahn.ISubscription | null>).then((subscription) => subscription?.unsubscribe()).catch(() => {
      // The session ended meanwhile: the router dropped the subscription with it.
    });
  }

  private liveSession(): autobahn.Session {
    const session = this.connection.session;
    if (!session) throw new Error('testbed bus: no WAMP session');
    return session;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'error' in error) return String((error as { error: unknown }).error);
  return String(error);
}
