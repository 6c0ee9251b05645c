import type { OcsLogger } from '../../ocs/logger.js';
import type { SenderIdentity, TestbedMessage } from '../messages.js';

/** Link state: `connecting` covers the first attempt and every retry after a loss. */
export type BusState = 'disconnected' | 'connecting' | 'connected';

/** What a subscriber learns about a received message besides its body. */
export interface MessageMeta {
  /** The destination the message was sent to (`/topic/…` or `/queue/…`). */
  destination: string;
  /**
   * The broker's id of this delivery: ActiveMQ's `message-id`, or the WAMP publication id. Stable for
   * one sent message, so consumers can drop duplicates (e.g. a broker redelivery).
   */
  messageId: string;
  /** True when the broker says it delivered this message before (STOMP `redelivered`). */
  redelivered: boolean;
  /** The raw STOMP headers (empty for WAMP). */
  headers: Readonly<Record<string, string>>;
}

/** Receives each well-formed message that passed the namespace rule; may be async. Errors are caught and counted. */
export type MessageHandler = (message: TestbedMessage, meta: MessageMeta) => void | Promise<void>;

/** Call to unsubscribe; `ready` resolves when the broker (STOMP receipt) or router (SUBSCRIBED) first confirmed it. */
export type Subscription = (() => void) & { readonly ready: Promise<void> };

/** Counters since the bus was created. */
export interface BusStats {
  /** Messages handed to send() that reached the broker/router. */
  sent: number;
  /** Well-formed messages delivered to a subscriber's handler. */
  received: number;
  /** Bodies that were not a JSON object with msg_type/command (logged, never delivered). */
  malformed: number;
  /** Messages dropped by the namespace rule. */
  dropped: number;
  /** Handler calls that threw or rejected. */
  handlerErrors: number;
  /** Sends waiting for the link to come back. */
  queued: number;
  /** Successful connections after the first one. */
  reconnects: number;
}

/**
 * The testbed message bus: one connection of one agent (or tool) to ActiveMQ or the embedded router.
 *
 * Sends are at-most-once: a message is written once and never re-sent, so nothing is duplicated. While
 * the link is down, send() waits in a bounded in-memory queue (`maxQueued`, default 1,000) that is
 * flushed in order right after reconnecting and resubscribing; a send beyond the bound, or still queued
 * at close(), rejects with an error naming the destination. A message written just before the broker
 * died may be lost without notice (as with upstream's non-persistent sends).
 */
export interface TestbedBus {
  readonly state: BusState;
  /** Connects; resolves once connected (the bus keeps reconnecting after later losses until close()). */
  connect(): Promise<void>;
  /**
   * Sends `message` as JSON to `destination` (`/queue/…` or `/topic/…`, else it throws). With an
   * `identity` configured, `sender` and `namespace` are injected first (see `prepareOutgoing`).
   */
  send(destination: string, message: TestbedMessage): Promise<void>;
  /**
   * Receives messages sent to `destination`, now and after every reconnect. With an `identity`
   * configured, messages of another namespace are dropped (see `shouldDrop`). Returns the unsubscribe
   * function, whose `ready` resolves once the broker/router confirmed the subscription.
   */
  subscribe(destination: string, handler: MessageHandler): Subscription;
  /** Calls `listener` on every state change. Returns an unsubscribe function. */
  onState(listener: (state: BusState) => void): () => void;
  stats(): BusStats;
  /** Disconnects, rejects queued sends, stops reconnecting. */
  close(): Promise<void>;
}

/** Options common to both adapters. */
export interface BusOptions {
  /** When set, the bus applies the envelope rules for this agent on send and receive. */
  identity?: SenderIdentity;
  logger?: OcsLogger;
  /** Sends kept while disconnected (default 1,000). */
  maxQueued?: number;
  /** connect() rejects (and the bus closes) when not connected within this time; 0 waits forever (default 15 s). */
  connectTimeoutMs?: number;
}

/** ActiveMQ (or any STOMP 1.1/1.2 broker) over plain TCP. */
export interface StompBusConfig {
  kind: 'stomp';
  host: string;
  port: number;
  user?: string;
  password?: string;
  /** STOMP `client-id` (upstream: the agent name); must be unique among the broker's live connections. */
  clientId?: string;
  /** STOMP `host` header (virtual host); default `host`, as upstream's `vhost=ACTIVEMQ_HOST`. */
  vhost?: string;
  /** Heart-beat period both ways (ms); default 10 s (upstream 30 s). 0 disables. */
  heartbeatMs?: number;
  /** First reconnect delay (ms), doubled per failure up to `maxReconnectDelayMs`; default 500 ms / 10 s. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

/** The embedded WAMP router (or crossbar): the zero-install default. */
export interface WampBusConfig {
  kind: 'wamp';
  /** e.g. `ws://127.0.0.1:8001/ws` */
  url: string;
  realm: string;
  /** First reconnect delay (ms); default 1 s, growing to 10 s. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export type TestbedBusConfig = StompBusConfig | WampBusConfig;
