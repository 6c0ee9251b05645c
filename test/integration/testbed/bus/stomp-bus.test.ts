/**
 * StompBus against a real ActiveMQ (Debian package, one broker for the whole file, restarted once).
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestbedBus, type BusOptions, type TestbedBus } from '../../../../main/testbed/bus/index.js';
import { workflowControlQueue } from '../../../../main/testbed/messages.js';
import { startActiveMq, type ActiveMq } from '../../../helpers/activemq.js';
import { freePort, waitFor } from '../../../helpers/net.js';
import {
  closeAll, collector, connected, destinationsValidated, handlerErrorsContained, namespaceRule, thousandInOrder, topicFanOut, unsubscribeStops,
} from './scenarios.js';

let broker: ActiveMq;
let clients = 0;

const make = (options: BusOptions = {}): TestbedBus =>
  createTestbedBus(
    { kind: 'stomp', host: broker.host, port: broker.port, user: 'admin', password: 'admin', clientId: `test-client-${process.pid}-${++clients}`, heartbeatMs: 2000, reconnectDelayMs: 200, maxReconnectDelayMs: 1000 },
    options,
  );

beforeAll(async () => {
  broker = await startActiveMq();
}, 40_000);

afterAll(async () => {
  await broker?.dispose();
});

describe('StompBus on ActiveMQ', () => {
  it('fans a topic message out to two subscribers with one message-id', () => topicFanOut(make, '/topic/epictopic'));

  it('applies the namespace rule end to end (sender overwritten, other namespaces dropped)', () => namespaceRule(make, '/topic/ns-rule'));

  it('delivers 1,000 topic messages in order, none lost', () => thousandInOrder(make, '/topic/thousand'));

  it('delivers 1,000 queue messages in order, none lost', () => thousandInOrder(make, '/queue/thousand'));

  it('contains throwing handlers', () => handlerErrorsContained(make, '/topic/handler-errors'));

  it('refuses destinations outside /queue/ and /topic/', () => destinationsValidated(make));

  it('stops delivering after unsubscribe', () => unsubscribeStops(make, '/topic/unsub'));

  it('delivers each queue message to exactly one of two consumers', async () => {
    const opened: TestbedBus[] = [];
    try {
      const queue = workflowControlQueue('torre1');
      const [a, b, sender] = await Promise.all([connected(make, opened), connected(make, opened), connected(make, opened)]);
      const gotA = collector();
      const gotB = collector();
      await Promise.all([a.subscribe(queue, gotA.handler).ready, b.subscribe(queue, gotB.handler).ready]);
      for (let i = 0; i < 40; i += 1) await sender.send(queue, { msg_type: 'status_request', n: i });
      await waitFor(() => gotA.messages.length + gotB.messages.length >= 40, 10_000, '40 queue messages');
      await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up
      const all = [...gotA.messages, ...gotB.messages].map((m) => m.n as number).sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(gotA.metas.every((meta) => meta.destination === queue)).toBe(true);
    } finally {
      await closeAll(opened);
    }
  });

  it('counts malformed bodies from a raw STOMP client and keeps the subscriber working', async () => {
    const opened: TestbedBus[] = [];
    const raw = await rawStomp(broker.host, broker.port);
    try {
      const warnings: string[] = [];
      const logger = { debug: () => {}, info: () => {}, warn: (m: string) => warnings.push(m), error: () => {} };
      const bus = await connected(make, opened, { logger });
      const got = collector();
      await bus.subscribe('/topic/malformed', got.handler).ready;
      for (const body of ['not json', '[1,2,3]', '{"no_type":true}', '"text"', '{"msg_type":""}']) raw.send('/topic/malformed', body);
      raw.send('/topic/malformed', '{"msg_type":"stf_ready","run_id":"7"}');
      await waitFor(() => got.messages.length === 1, 10_000, 'the valid message');
      expect(bus.stats()).toMatchObject({ malformed: 5, received: 1 });
      expect(got.messages[0]).toEqual({ msg_type: 'stf_ready', run_id: '7' });
      expect(warnings[0]).toMatch(/^testbed bus: ignored a malformed message on \/topic\/malformed \(1 so far\): body is not JSON \(.*\): "not json"$/);
      expect(warnings).toHaveLength(5);
    } finally {
      raw.close();
      await closeAll(opened);
    }
  });

  it('sends upstream wire shapes: JSON text without content-length, seen by a raw STOMP subscriber', async () => {
    const opened: TestbedBus[] = [];
    const raw = await rawStomp(broker.host, broker.port);
    try {
      const frames: string[] = [];
      raw.onFrame((frame) => frames.push(frame));
      raw.subscribe('/topic/wire', 'sub-1');
      await waitFor(() => frames.some((f) => f.startsWith('RECEIPT')), 5_000, 'subscribe receipt');
      const bus = await connected(make, opened, { identity: { agentName: 'data-agent-alice-9', namespace: 'torre1' } });
      await bus.send('/topic/wire', { msg_type: 'stf_ready', run_id: '100010' });
      const frame = await waitFor(() => frames.find((f) => f.startsWith('MESSAGE')), 5_000, 'MESSAGE frame');
      const [head, body] = frame.split('\n\n');
      expect(head).toMatch(/^destination:\/topic\/wire$/m);
      expect(JSON.parse(body)).toEqual({ msg_type: 'stf_ready', run_id: '100010', sender: 'data-agent-alice-9', namespace: 'torre1' });
    } finally {
      raw.close();
      await closeAll(opened);
    }
  });

  it('rejects connect() with a clear error when nothing listens', async () => {
    const port = await freePort();
    const bus = createTestbedBus({ kind: 'stomp', host: '127.0.0.1', port, reconnectDelayMs: 100 }, { connectTimeoutMs: 800 });
    await expect(bus.connect()).rejects.toThrow(`could not connect to stomp://127.0.0.1:${port} within 800 ms`);
    expect(bus.state).toBe('disconnected');
    await expect(bus.send('/topic/x', { msg_type: 'x' })).rejects.toThrow('the bus is closed');
  });

  it('reconnects and resubscribes after an ActiveMQ restart; outage sends are flushed once, none duplicated', async () => {
    const opened: TestbedBus[] = [];
    try {
      const queue = '/queue/restart';
      const [receiver, sender] = await Promise.all([connected(make, opened), connected(make, opened)]);
      const onQueue = collector();
      const onTopic = collector();
      await Promise.all([receiver.subscribe(queue, onQueue.handler).ready, receiver.subscribe('/topic/restart', onTopic.handler).ready]);
      const states: string[] = [];
      receiver.onState((s) => states.push(s));
      for (let i = 0; i < 10; i += 1) await sender.send(queue, { msg_type: 'probe', phase: 'before', n: i });
      await waitFor(() => onQueue.messages.length === 10, 10_000, 'pre-restart messages');

      await broker.stop();
      await waitFor(() => sender.state === 'connecting' && receiver.state === 'connecting', 10_000, 'both buses to notice the loss');
      const outage = Array.from({ length: 10 }, (_, i) => sender.send(queue, { msg_type: 'probe', phase: 'outage', n: i }));
      expect(sender.stats().queued).toBe(10);

      await broker.start();
      await Promise.all(outage);
      await waitFor(() => sender.state === 'connected' && receiver.state === 'connected', 20_000, 'both buses to reconnect');
      for (let i = 0; i < 10; i += 1) await sender.send(queue, { msg_type: 'probe', phase: 'after', n: i });
      await sender.send('/topic/restart', { msg_type: 'probe', phase: 'after-topic' });
      await waitFor(() => onQueue.messages.filter((m) => m.phase === 'after').length === 10 && onTopic.messages.length === 1, 20_000, 'post-restart messages');
      // The broker keeps queue messages until a consumer comes back: the outage sends all arrive, in order.
      await waitFor(() => onQueue.messages.length === 30, 10_000, 'outage messages');
      expect(onQueue.messages.filter((m) => m.phase === 'outage').map((m) => m.n)).toEqual(Array.from({ length: 10 }, (_, i) => i));
      const ids = onQueue.metas.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(states).toEqual(['connecting', 'connected']);
      expect(receiver.stats().reconnects).toBe(1);
      expect(sender.stats()).toMatchObject({ queued: 0, sent: 31 });
    } finally {
      await closeAll(opened);
    }
  }, 50_000);
});

/** A hand-written STOMP client on a raw socket (to send bodies a well-behaved client never would). */
async function rawStomp(host: string, port: number) {
  const socket: Socket = tcpConnect(port, host);
  let buffer = '';
  const listeners: ((frame: string) => void)[] = [];
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (let end = buffer.indexOf('\0'); end >= 0; end = buffer.indexOf('\0')) {
      const frame = buffer.slice(0, end).replace(/^\n+/, '');
      buffer = buffer.slice(end + 1);
      for (const listener of listeners) listener(frame);
    }
  });
  const connectedFrame = new Promise<string>((resolve) => listeners.push((f) => f.startsWith('CONNECTED') && resolve(f)));
  socket.write('CONNECT\naccept-version:1.2\nhost:localhost\nlogin:admin\npasscode:admin\n\n\0');
  await connectedFrame;
  return {
    send: (destination: string, body: string) => socket.write(`SEND\ndestination:${destination}\n\n${body}\0`),
    subscribe: (destination: string, id: string) => socket.write(`SUBSCRIBE\ndestination:${destination}\nid:${id}\nack:auto\nreceipt:r-${id}\n\n\0`),
    onFrame: (listener: (frame: string) => void) => listeners.push(listener),
    close: () => socket.end('DISCONNECT\n\n\0'),
  };
}
