import autobahn from 'autobahn';
import type { AccessControlInfo, FeedInfo, OpReply } from '../../shared/ocs-codes.js';
import { ResponseCode } from '../../shared/ocs-codes.js';
import { accessControlInfo } from './access.js';
import { AgentLink } from './agent-link.js';
import { parseManagementCall, parseOpsCall } from './call-args.js';
import { unixTime } from './clock.js';
import { WampConnection, type WampConnectionOptions } from './connection.js';
import { Feed, type FeedOptions } from './feed.js';
import { consoleLogger, type OcsLogger } from './logger.js';
import { answerManagementQuery, type ManagementSource } from './management.js';
import type { ProcessDefinition, TaskDefinition } from './op-definitions.js';
import { OpRegistry } from './op-registry.js';
import { pyStr } from './py-format.js';

export interface OcsAgentOptions {
  /** Reported as agent_class in get_api and feed_info, e.g. "RegistryAgent". */
  agentClass: string;
  /** Instance id, e.g. "registry"; must not contain "." (wildcard patterns count URI components). */
  instanceId: string;
  /** OCS address root (site config hub.address_root). Default "observatory". */
  addressRoot?: string;
  logger?: OcsLogger;
}

/** What a subscription handler receives: WAMP positional args (an OCS feed sends `[[message, feed_info]]`), kwargs and the topic. */
export type TopicHandler = (args: unknown[], kwargs: Record<string, unknown>, details: { topic: string }) => void;

export interface SubscribeOptions {
  match?: 'exact' | 'prefix' | 'wildcard';
}

/** A subscription requested with subscribeOnStart, re-established on every join. */
export interface StartupSubscription {
  handler: TopicHandler;
  topic: string;
  options?: SubscribeOptions;
}

/**
 * An OCS Agent (upstream OCSAgent) in TypeScript: Tasks and Processes behind `{address}.ops`, the
 * management RPC `{address}`, feeds, a 1 Hz heartbeat, and startup ops/subscriptions. Register ops
 * and feeds first, then `connect()`; the agent re-registers and re-subscribes after router restarts.
 */
export class OcsAgent implements ManagementSource {
  readonly agentClass: string;
  readonly instanceId: string;
  readonly addressRoot: string;
  readonly agentAddress: string;
  /** str(time.time()) at construction, as upstream: aggregators key providers on (address, session_id). */
  readonly agentSessionId: string;
  readonly ops: OpRegistry;
  readonly logger: OcsLogger;
  /** Heartbeats are published only while true (FakeDataAgent's set_heartbeat toggles this upstream). */
  heartbeatEnabled = true;
  private readonly createdAt: number;
  private readonly feeds = new Map<string, Feed>();
  private readonly startupSubs: StartupSubscription[] = [];
  private link: AgentLink | null = null;
  private connection: WampConnection | null = null;

  constructor(options: OcsAgentOptions) {
    if (options.instanceId.includes('.')) throw new Error(`instance id must not contain "." (got "${options.instanceId}")`);
    this.agentClass = options.agentClass;
    this.instanceId = options.instanceId;
    this.addressRoot = options.addressRoot ?? 'observatory';
    this.agentAddress = `${this.addressRoot}.${options.instanceId}`;
    this.createdAt = unixTime();
    this.agentSessionId = String(this.createdAt);
    this.logger = options.logger ?? consoleLogger(this.agentAddress);
    this.ops = new OpRegistry(this.logger);
  }

  /** Registers a Task (`start`/`abort`/`wait`/`status`). */
  registerTask(name: string, definition: TaskDefinition): void {
    this.ops.addTask(name, definition);
  }

  /** Registers a Process (`start`/`stop`/`wait`/`status`). */
  registerProcess(name: string, definition: ProcessDefinition): void {
    this.ops.addProcess(name, definition);
  }

  /** Registers feed `name`, published on `{address}.feeds.{name}`. "heartbeat" is reserved for the agent's own. */
  registerFeed(name: string, options: FeedOptions = {}): Feed {
    if (name === 'heartbeat') throw new Error('feed "heartbeat" is reserved for the agent heartbeat');
    const feed = new Feed(this, name, options);
    this.feeds.set(name, feed);
    return feed;
  }

  /** The registered feed `name`, if any. */
  feed(name: string): Feed | undefined {
    return this.feeds.get(name);
  }

  /** Publishes `message` on a registered feed (validated and buffered for record feeds). */
  publishToFeed(name: string, message: unknown): void {
    const feed = this.feeds.get(name);
    if (!feed) {
      this.logger.error(`Feed ${name} is not registered.`);
      return;
    }
    feed.publishMessage(message);
  }

  /** Publishes raw WAMP args on `topic` if joined; otherwise the message is dropped (as upstream on TransportLost). */
  publish(topic: string, args: unknown[]): void {
    const session = this.session;
    if (!session) {
      this.logger.debug(`Could not publish to ${topic}: not joined to the realm.`);
      return;
    }
    session.publish(topic, args);
  }

  /** Subscribes now (must be joined); a topic already subscribed is skipped unless `force`. */
  subscribe(handler: TopicHandler, topic: string, options?: SubscribeOptions, force = false): Promise<autobahn.ISubscription | false> {
    if (!this.link) throw new Error('agent is not connected');
    return this.link.subscribe(handler, topic, options, force);
  }

  /** Subscribes on every join (after registration and the first heartbeat), with no duplicates. */
  subscribeOnStart(handler: TopicHandler, topic: string, options?: SubscribeOptions): void {
    this.startupSubs.push({ handler, topic, options });
  }

  /** Startup subscriptions, in the order they were requested. */
  startupSubscriptions(): readonly StartupSubscription[] {
    return this.startupSubs;
  }

  /** Calls an op of another agent the way upstream `call_op` does: args `[action, op]`, kwargs `{params, timeout}`. */
  async callOp(agentAddress: string, opName: string, action: string, params: Record<string, unknown> | null = null, timeout: number | null = null): Promise<OpReply> {
    const session = this.session;
    if (!session) throw new Error('agent is not joined to the realm');
    return (await session.call<OpReply>(`${agentAddress}.ops`, [action, opName], { params, timeout })) as OpReply;
  }

  /**
   * Answers an `{address}.ops` call: binds args/kwargs like Python (all three caller layouts; unknown
   * kwargs throw the TypeError text), accepts and ignores `password` (access policy "none").
   */
  async handleOpsCall(args?: unknown[], kwargs?: Record<string, unknown>): Promise<OpReply> {
    const call = parseOpsCall(args, kwargs);
    switch (call.action) {
      case 'start':
        return this.ops.start(call.opName, call.params);
      case 'stop':
      case 'abort':
        return this.ops.requestStop(call.action, call.opName, call.params);
      case 'wait':
        return this.ops.wait(call.opName, call.timeout);
      case 'status':
        return this.ops.status(call.opName);
      default:
        // Upstream prints the op name here, not the action.
        return [ResponseCode.ERROR, `No implementation for "${pyStr(call.opName)}"`, {}];
    }
  }

  /** Answers the management RPC `{address}` (get_api, get_tasks, get_processes, get_feeds, get_agent_class). */
  handleManagementCall(args?: unknown[], kwargs?: Record<string, unknown>): unknown {
    return answerManagementQuery(this, parseManagementCall(args, kwargs));
  }

  /** `[[name, feed_info], ...]` in registration order. */
  feedInfos(): Array<[string, FeedInfo]> {
    return [...this.feeds].map(([name, feed]) => [name, feed.encoded()]);
  }

  /** The access_control block of get_api (policy "none"). */
  accessControl(): AccessControlInfo {
    return accessControlInfo(this.createdAt);
  }

  /** Connects to a router and keeps the agent on the realm until shutdown(). Returns the connection. */
  connect(options: WampConnectionOptions): WampConnection {
    const connection = new WampConnection({ logger: this.logger, ...options });
    this.attach(connection);
    connection.open();
    return connection;
  }

  /** Binds the agent to an existing connection (opened by the caller). */
  attach(connection: WampConnection): void {
    if (this.link) throw new Error('agent is already attached to a connection');
    if (!this.feeds.has('heartbeat')) this.feeds.set('heartbeat', new Feed(this, 'heartbeat', { maxMessages: 1 }));
    this.connection = connection;
    this.link = new AgentLink(this, connection);
  }

  /** The joined WAMP session, or null. */
  get session(): autobahn.Session | null {
    return this.link?.session ?? null;
  }

  /** Resolves once the agent has joined and registered its procedures (immediately if it already has). */
  whenReady(timeoutMs = 10_000): Promise<void> {
    if (!this.link) return Promise.reject(new Error('agent is not connected'));
    return this.link.whenReady(timeoutMs);
  }

  /** Calls `listener` after each completed join (registered, first heartbeat sent, subscribed). */
  onReady(listener: () => void): () => void {
    if (!this.link) throw new Error('agent is not connected');
    return this.link.onReady(listener);
  }

  /** Stops running ops (abort tasks, stop processes; waits up to graceMs), then leaves the realm. */
  async shutdown(graceMs = 3000): Promise<void> {
    await this.ops.stopAll(graceMs);
    for (const feed of this.feeds.values()) feed.close();
    this.link?.detach();
    await this.connection?.close();
  }
}
