import type autobahn from 'autobahn';
import { CredLevel } from '../../shared/ocs-codes.js';
import type { OcsAgent, SubscribeOptions, TopicHandler } from './agent.js';
import type { WampConnection } from './connection.js';
import { describeError, toWampError } from './errors.js';

/** Heartbeat period: upstream's LoopingCall(heartbeat).start(1.0). */
export const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * Ties an OcsAgent to a WampConnection and replays upstream onJoin on every (re)join:
 * REGISTER `{addr}.ops`, REGISTER `{addr}`, first heartbeat at once (then every 1 s), drop old
 * subscriptions, SUBSCRIBE the startup topics (exactly once each), and launch startup ops on the
 * first join only. On leave the heartbeat loop stops; the next join starts a new one.
 */
export class AgentLink {
  private current: autobahn.Session | null = null;
  /** Bumped on every join and leave, so a join sequence interrupted by a disconnect stops quietly. */
  private generation = 0;
  private ready = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private subscriptions: autobahn.ISubscription[] = [];
  private subscribedTopics = new Set<string>();
  private startupOpsLaunched = false;
  private readonly readyListeners = new Set<() => void>();
  private readonly unbind: Array<() => void>;

  constructor(
    private readonly agent: OcsAgent,
    connection: WampConnection,
  ) {
    this.unbind = [connection.onJoin((session) => void this.join(session)), connection.onLeave(() => this.leave())];
    const open = connection.session;
    if (open) void this.join(open);
  }

  /** The joined session once registration succeeded, else null. */
  get session(): autobahn.Session | null {
    return this.ready && this.current?.isOpen ? this.current : null;
  }

  /** Calls `listener` after each completed join sequence. Returns an unsubscribe function. */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Resolves when the current or next join sequence has completed. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.session) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.agent.agentAddress} did not join within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onReady(() => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** Subscribes on the current session unless `topic` is already subscribed (upstream OCSAgent.subscribe). */
  async subscribe(handler: TopicHandler, topic: string, options?: SubscribeOptions, force = false): Promise<autobahn.ISubscription | false> {
    const session = this.current;
    if (!session?.isOpen) throw new Error('agent is not joined to the realm');
    if (this.subscribedTopics.has(topic) && !force) {
      this.agent.logger.warn(`Topic ${topic} is already subscribed.`);
      return false;
    }
    this.subscribedTopics.add(topic);
    const wrapped = (args?: unknown[], kwargs?: Record<string, unknown>, details?: { topic?: string }) =>
      handler(args ?? [], kwargs ?? {}, { topic: details?.topic ?? topic });
    const subscription = await session.subscribe(topic, wrapped, options ? { ...options } : undefined);
    this.subscriptions.push(subscription);
    return subscription;
  }

  /** Stops reacting to the connection (used on shutdown). */
  detach(): void {
    for (const off of this.unbind) off();
    this.leave();
  }

  private async join(session: autobahn.Session): Promise<void> {
    const generation = ++this.generation;
    this.stopHeartbeat();
    this.current = session;
    this.ready = false;
    const address = this.agent.agentAddress;
    try {
      await session.register(`${address}.ops`, (args?: unknown[], kwargs?: Record<string, unknown>) =>
        this.agent.handleOpsCall(args, kwargs).catch((error) => Promise.reject(toWampError(error))),
      );
      await session.register(address, (args?: unknown[], kwargs?: Record<string, unknown>) => {
        try {
          return this.agent.handleManagementCall(args, kwargs);
        } catch (error) {
          throw toWampError(error);
        }
      });
    } catch (error) {
      if (generation === this.generation) this.registrationFailed(session, error);
      return;
    }
    if (generation !== this.generation) return;
    this.ready = true;
    this.startHeartbeat(generation);
    await this.resubscribe(session, generation);
    if (generation !== this.generation) return;
    this.launchStartupOps();
    for (const listener of this.readyListeners) listener();
  }

  private leave(): void {
    this.generation += 1;
    this.ready = false;
    this.current = null;
    this.stopHeartbeat();
    // The router dropped our subscriptions with the session; topics may be subscribed again on the next join.
    this.subscribedTopics = new Set();
  }

  private registrationFailed(session: autobahn.Session, error: unknown): void {
    const uri = (error as { error?: string })?.error;
    const logger = this.agent.logger;
    logger.error(`Failed to register basic handlers! Error: ${uri ?? describeError(error)}`);
    if (uri === 'wamp.error.not_authorized') {
      logger.error('Are the WAMP realm and OCS address_root consistent in OCS site config and crossbar config.json?');
    } else if (uri === 'wamp.error.procedure_already_exists') {
      logger.error(`Is this agent already running? agent_address="${this.agent.agentAddress}"`);
    }
    // Like upstream: leave; the connection retries, so the agent takes over once the other instance is gone.
    if (session.isOpen) session.leave('wamp.close.normal', 'registration failed');
  }

  private startHeartbeat(generation: number): void {
    const beat = () => {
      if (generation !== this.generation || !this.agent.heartbeatEnabled) return;
      this.agent.publishToFeed('heartbeat', this.agent.ops.opCodes());
    };
    beat();
    this.heartbeatTimer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /**
   * Upstream unsubscribes every stored subscription before subscribing again (ocs#366: duplicate
   * subscriptions after reconnects). autobahn-js gives each join a fresh Session, so subscriptions of an
   * earlier session are already gone router-side and are only forgotten here; any still live on this
   * session are unsubscribed. Then each startup topic is subscribed exactly once.
   */
  private async resubscribe(session: autobahn.Session, generation: number): Promise<void> {
    const stale = this.subscriptions;
    this.subscriptions = [];
    this.subscribedTopics = new Set();
    for (const subscription of stale) {
      if (subscription.session === session && subscription.active) await session.unsubscribe(subscription).catch(() => undefined);
    }
    const pending = this.agent.startupSubscriptions().map(({ handler, topic, options }) =>
      this.subscribe(handler, topic, options).catch((error) => {
        if (generation !== this.generation) return;
        this.agent.logger.error(`Failed to subscribe to a feed or feed pattern; possible configuration problem. ${describeError(error)}`);
        if (session.isOpen) session.leave('wamp.close.normal', 'subscription failed');
      }),
    );
    await Promise.all(pending);
  }

  private launchStartupOps(): void {
    if (this.startupOpsLaunched) return;
    this.startupOpsLaunched = true;
    for (const [name, params] of this.agent.ops.startupOps()) {
      this.agent.logger.info(`startup-op: launching ${name}`);
      const [code, message] = this.agent.ops.start(name, params, { credLevel: CredLevel.BASIC, startup: true });
      if (code !== 0) this.agent.logger.error(`startup-op ${name} failed to start: ${message}`);
    }
  }
}
