/**
 * WampBus against the real embedded router (restarted on the same port for the reconnect test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestbedBus, wampTopicFor, type BusOptions, type TestbedBus } from '../../../../main/testbed/bus/index.js';
import { agentControlQueue } from '../../../../main/testbed/messages.js';
import { startRouter, type RouterHandle } from '../../../../main/wamp/index.js';
import { openSession } from '../../../helpers/autobahn.js';
import { freePort, waitFor } from '../../../helpers/net.js';
import {
  closeAll, collector, connected, destinationsValidated, handlerErrorsContained, namespaceRule, thousandInOrder, topicFanOut, unsubscribeStops,
} from './scenarios.js';

let router: RouterHandle;
let port: number;

const make = (options: BusOptions = {}): TestbedBus =>
  createTestbedBus({ kind: 'wamp', url: `ws://127.0.0.1:${port}/ws`, realm: 'test_realm', reconnectDelayMs: 100, maxReconnectDelayMs: 500 }, options);

beforeAll(async () => {
  port = await freePort();
  router = await startRouter({ port });
});

afterAll(async () => {
  await router?.close();
});

describe('WampBus on the embedded router', () => {
  it('fans a topic message out to two subscribers with one publication id', () => topicFanOut(make, '/topic/epictopic'));

  it('applies the namespace rule end to end (sender overwritten, other namespaces dropped)', () => namespaceRule(make, '/topic/ns-rule'));

  it('delivers 1,000 topic messages in order, none lost', () => thousandInOrder(make, '/topic/thousand'));

  it('delivers 1,000 queue messages in order, none lost', () => thousandInOrder(make, '/queue/thousand'));

  it('contains throwing handlers', () => handlerErrorsContained(make, '/topic/handler-errors'));

  it('refuses destinations outside /queue/ and /topic/', () => destinationsValidated(make));

  it('stops delivering after unsubscribe', () => unsubscribeStops(make, '/topic/unsub'));

  it('maps destinations to testbed.* WAMP topics that a plain WAMP peer can use', async () => {
    const opened: TestbedBus[] = [];
    const peer = await openSession(`ws://127.0.0.1:${port}/ws`);
    try {
      expect(wampTopicFor('/queue/agent_control.alice')).toBe('testbed.queue.agent_control.alice');
      const seen: unknown[] = [];
      await peer.session.subscribe('testbed.queue.agent_control.alice', (args?: unknown[]) => { seen.push(args?.[0]); });
      const bus = await connected(make, opened);
      await bus.send(agentControlQueue('alice'), { command: 'ping', reply_to: '/queue/replies.alice' });
      await waitFor(() => seen.length === 1, 5_000, 'the peer to see the command');
      expect(JSON.parse(seen[0] as string)).toEqual({ command: 'ping', reply_to: '/queue/replies.alice' });
    } finally {
      await peer.close();
      await closeAll(opened);
    }
  });

  it('delivers a /queue/ message to every subscriber (documented: WAMP has no anycast)', async () => {
    const opened: TestbedBus[] = [];
    try {
      const [a, b, sender] = await Promise.all([connected(make, opened), connected(make, opened), connected(make, opened)]);
      const gotA = collector();
      const gotB = collector();
      await Promise.all([a.subscribe('/queue/both', gotA.handler).ready, b.subscribe('/queue/both', gotB.handler).ready]);
      await sender.send('/queue/both', { msg_type: 'status_request' });
      await waitFor(() => gotA.messages.length === 1 && gotB.messages.length === 1, 5_000, 'both consumers');
    } finally {
      await closeAll(opened);
    }
  });

  it('counts malformed events from a raw WAMP publisher and keeps the subscriber working', async () => {
    const opened: TestbedBus[] = [];
    const peer = await openSession(`ws://127.0.0.1:${port}/ws`);
    try {
      const bus = await connected(make, opened);
      const got = collector();
      await bus.subscribe('/topic/malformed', got.handler).ready;
      const publish = (args: unknown[], kwargs: object = {}) => peer.session.publish('testbed.topic.malformed', args, kwargs, { acknowledge: true });
      await publish(['not json']);
      await publish([42]);
      await publish([], { msg_type: 'kwargs_only' });
      await publish(['[1,2]']);
      await publish(['{"no_type":1}']);
      await publish(['{"msg_type":"stf_ready","run_id":"7"}']);
      await waitFor(() => got.messages.length === 1, 5_000, 'the valid message');
      expect(bus.stats()).toMatchObject({ malformed: 5, received: 1 });
      expect(got.messages[0]).toEqual({ msg_type: 'stf_ready', run_id: '7' });
    } finally {
      await peer.close();
      await closeAll(opened);
    }
  });

  it('rejects connect() with a clear error when no router listens', async () => {
    const closedPort = await freePort();
    const bus = createTestbedBus({ kind: 'wamp', url: `ws://127.0.0.1:${closedPort}/ws`, realm: 'test_realm', reconnectDelayMs: 100 }, { connectTimeoutMs: 800 });
    await expect(bus.connect()).rejects.toThrow(`could not connect to ws://127.0.0.1:${closedPort}/ws (realm test_realm) within 800 ms`);
    expect(bus.state).toBe('disconnected');
  });

  it('reconnects and resubscribes after a router restart; outage sends are flushed once, none duplicated', async () => {
    const opened: TestbedBus[] = [];
    try {
      const [receiver, sender] = await Promise.all([connected(make, opened), connected(make, opened)]);
      const got = collector();
      await receiver.subscribe('/topic/restart', got.handler).ready;
      const states: string[] = [];
      receiver.onState((s) => states.push(s));
      for (let i = 0; i < 10; i += 1) await sender.send('/topic/restart', { msg_type: 'probe', phase: 'before', n: i });
      await waitFor(() => got.messages.length === 10, 5_000, 'pre-restart messages');

      await router.close();
      await waitFor(() => sender.state === 'connecting' && receiver.state === 'connecting', 5_000, 'both buses to notice the loss');
      const outage = Array.from({ length: 10 }, (_, i) => sender.send('/topic/restart', { msg_type: 'probe', phase: 'outage', n: i }));
      expect(sender.stats().queued).toBe(10);

      router = await startRouter({ port });
      await Promise.all(outage); // published to the router once the sender is back
      await waitFor(() => sender.state === 'connected' && receiver.state === 'connected', 10_000, 'both buses to reconnect');
      for (let i = 0; i < 10; i += 1) await sender.send('/topic/restart', { msg_type: 'probe', phase: 'after', n: i });
      await waitFor(() => got.messages.filter((m) => m.phase === 'after').length === 10, 10_000, 'post-restart messages');
      // WAMP keeps nothing: outage sends reach the receiver only if it resubscribed before the sender flushed.
      const outageSeen = got.messages.filter((m) => m.phase === 'outage').map((m) => m.n as number);
      expect(outageSeen).toEqual([...outageSeen].sort((x, y) => x - y));
      const ids = got.metas.map((m) => m.messageId);
      expect(new Set(ids.slice(10)).size).toBe(ids.length - 10); // publication ids restart with the router; none repeat after it
      expect(got.messages.filter((m) => m.phase === 'after').map((m) => m.n)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect(states).toEqual(['connecting', 'connected']);
      expect(receiver.stats().reconnects).toBe(1);
    } finally {
      await closeAll(opened);
    }
  });
});
