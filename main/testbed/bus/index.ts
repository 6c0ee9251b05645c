/**
 * # Testbed message bus
 *
 * Carries the testbed's JSON messages (`../messages.ts`) between agents, the workflow runner, the agent
 * manager and the station, over one of two transports with the same API and the same message bodies:
 *
 * - `{ kind: 'stomp', host, port, user?, password?, clientId? }`: STOMP 1.2/1.1 to ActiveMQ
 *   (destinations used as they are: `/topic/epictopic`, `/queue/workflow_control.<ns>`, …);
 * - `{ kind: 'wamp', url, realm }`: the embedded WAMP router, the zero-install default
 *   (`/topic/x` → WAMP topic `testbed.topic.x`, `/queue/x` → `testbed.queue.x`; no anycast, no retention).
 *
 * ```ts
 * const bus = createTestbedBus({ kind: 'stomp', host: '127.0.0.1', port: 61613, clientId: 'data-agent-alice-41' },
 *   { identity: { agentName: 'data-agent-alice-41', namespace: 'torre1' }, logger });
 * await bus.connect();                                   // rejects after connectTimeoutMs (default 15 s)
 * const unsubscribe = bus.subscribe(TOPIC_EPIC, (message, meta) => { … });  // meta.messageId for dedupe
 * await unsubscribe.ready;                                // broker confirmed the subscription
 * await bus.send(TOPIC_EPIC, { msg_type: 'stf_ready', run_id: '100010', filename });
 * bus.onState((state) => …);                             // 'connecting' | 'connected' | 'disconnected'
 * bus.stats();                                           // sent, received, malformed, dropped, handlerErrors, queued, reconnects
 * await bus.close();
 * ```
 *
 * Decisions (see `TestbedBus` in types.ts for the details):
 * - Envelope rules live in the bus, switched on by `identity`: send() overwrites `sender` and sets
 *   `namespace`; subscribers never see messages of another namespace (upstream BaseAgent semantics).
 *   Without `identity` (tools, the station's monitor) bodies pass unchanged and nothing is dropped.
 * - At-most-once, never duplicated: after a loss the bus reconnects and resubscribes by itself; sends
 *   made meanwhile wait in a bounded queue (`maxQueued`, default 1,000) and go out in order right after
 *   resubscribing; beyond the bound send() rejects. Topic messages published while a subscriber is
 *   disconnected are not delivered to it (no durable subscriptions, as upstream).
 * - Malformed bodies (not JSON, not an object, no `msg_type`/`command`) are counted and logged; a
 *   throwing handler is counted and logged; neither ends the subscription.
 */
import { StompBus } from './stomp-bus.js';
import type { BusOptions, TestbedBus, TestbedBusConfig } from './types.js';
import { WampBus } from './wamp-bus.js';

export type { BusOptions, BusState, BusStats, MessageHandler, MessageMeta, StompBusConfig, Subscription, TestbedBus, TestbedBusConfig, WampBusConfig } from './types.js';
export { StompBus } from './stomp-bus.js';
export { WampBus, wampTopicFor, WAMP_URI_PREFIX } from './wamp-bus.js';

/** Builds the bus the config names (not yet connected: call connect()). Throws on an invalid config. */
export function createTestbedBus(config: TestbedBusConfig, options: BusOptions = {}): TestbedBus {
  switch (config.kind) {
    case 'stomp':
      return new StompBus(config, options);
    case 'wamp':
      return new WampBus(config, options);
    default:
      throw new Error(`unknown testbed bus kind ${JSON.stringify((config as { kind?: unknown }).kind)}: expected 'stomp' or 'wamp'`);
  }
}
