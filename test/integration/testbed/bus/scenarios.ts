/**
 * Behaviour both bus adapters must show, run against a real broker/router by stomp-bus.test.ts and
 * wamp-bus.test.ts. Each scenario builds its buses through `makeBus` and closes them itself.
 */
import { expect } from 'vitest';
import type { BusOptions, MessageMeta, TestbedBus } from '../../../../main/testbed/bus/index.js';
import { TOPIC_EPIC, type TestbedMessage } from '../../../../main/testbed/messages.js';
import { waitFor } from '../../../helpers/net.js';

export type MakeBus = (options?: BusOptions) => TestbedBus;

/** A connected bus, closed by `closeAll`. */
export async function connected(make: MakeBus, opened: TestbedBus[], options?: BusOptions): Promise<TestbedBus> {
  const bus = make(options);
  opened.push(bus);
  await bus.connect();
  return bus;
}

export async function closeAll(opened: TestbedBus[]): Promise<void> {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
}

/** Collects what a subscription receives. */
export function collector(): { messages: TestbedMessage[]; metas: MessageMeta[]; handler: (m: TestbedMessage, meta: MessageMeta) => void } {
  const messages: TestbedMessage[] = [];
  const metas: MessageMeta[] = [];
  return { messages, metas, handler: (m, meta) => { messages.push(m); metas.push(meta); } };
}

/** Two subscribers of one topic on two connections each get every message, with the same message id. */
export async function topicFanOut(make: MakeBus, topic: string): Promise<void> {
  const opened: TestbedBus[] = [];
  try {
    const [a, b, sender] = await Promise.all([connected(make, opened), connected(make, opened), connected(make, opened)]);
    const gotA = collector();
    const gotB = collector();
    await Promise.all([a.subscribe(topic, gotA.handler).ready, b.subscribe(topic, gotB.handler).ready]);
    for (let i = 0; i < 5; i += 1) await sender.send(topic, { msg_type: 'stf_gen', run_id: '100010', sequence: i + 1 });
    await waitFor(() => gotA.messages.length === 5 && gotB.messages.length === 5, 10_000, 'both subscribers to get 5 messages');
    expect(gotA.messages.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(gotB.messages.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(gotA.metas.every((meta) => meta.destination === topic && meta.messageId !== '')).toBe(true);
    expect(gotA.metas.map((m) => m.messageId)).toEqual(gotB.metas.map((m) => m.messageId));
    expect(new Set(gotA.metas.map((m) => m.messageId)).size).toBe(5);
  } finally {
    await closeAll(opened);
  }
}

/** Envelope rules end to end: sender injected, other namespaces dropped, namespace-less messages kept. */
export async function namespaceRule(make: MakeBus, topic: string): Promise<void> {
  const opened: TestbedBus[] = [];
  try {
    const receiver = await connected(make, opened, { identity: { agentName: 'fastmon-agent-alice-1', namespace: 'torre1' } });
    const sameNs = await connected(make, opened, { identity: { agentName: 'data-agent-alice-2', namespace: 'torre1' } });
    const otherNs = await connected(make, opened, { identity: { agentName: 'data-agent-bob-3', namespace: 'torre2' } });
    const plain = await connected(make, opened);
    const got = collector();
    await receiver.subscribe(topic, got.handler).ready;
    await otherNs.send(topic, { msg_type: 'stf_ready', run_id: '1', tag: 'other-ns', sender: 'forged' });
    await plain.send(topic, { msg_type: 'stf_ready', run_id: '1', tag: 'no-ns' });
    await plain.send(topic, { msg_type: 'stf_ready', run_id: '1', tag: 'foreign-ns-raw', namespace: 'torre9' });
    await sameNs.send(topic, { msg_type: 'stf_ready', run_id: '1', tag: 'same-ns', sender: 'forged', namespace: 'torre7' });
    await waitFor(() => got.messages.length === 2 && receiver.stats().dropped === 2, 10_000, 'two delivered and two dropped');
    const byTag = Object.fromEntries(got.messages.map((m) => [m.tag as string, m]));
    expect(Object.keys(byTag).sort()).toEqual(['no-ns', 'same-ns']);
    expect(byTag['no-ns'].namespace).toBeUndefined();
    expect(byTag['same-ns']).toMatchObject({ sender: 'data-agent-alice-2', namespace: 'torre1' });
    expect(receiver.stats()).toMatchObject({ received: 2, dropped: 2, malformed: 0 });
  } finally {
    await closeAll(opened);
  }
}

/** 1,000 messages from one sender arrive complete and in send order. */
export async function thousandInOrder(make: MakeBus, destination: string): Promise<void> {
  const opened: TestbedBus[] = [];
  try {
    const [receiver, sender] = await Promise.all([connected(make, opened), connected(make, opened)]);
    const got = collector();
    await receiver.subscribe(destination, got.handler).ready;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 1000; i += 1) sends.push(sender.send(destination, { msg_type: 'tf_file_registered', seq: i }));
    await Promise.all(sends);
    await waitFor(() => got.messages.length >= 1000, 20_000, '1,000 messages');
    expect(got.messages.map((m) => m.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(sender.stats()).toMatchObject({ sent: 1000, queued: 0 });
    expect(receiver.stats()).toMatchObject({ received: 1000, malformed: 0 });
  } finally {
    await closeAll(opened);
  }
}

/** A throwing or rejecting handler is counted and the subscription keeps delivering. */
export async function handlerErrorsContained(make: MakeBus, topic: string): Promise<void> {
  const opened: TestbedBus[] = [];
  try {
    const bus = await connected(make, opened);
    const seen: number[] = [];
    await bus.subscribe(topic, (m) => {
      seen.push(m.n as number);
      if (m.n === 1) throw new Error('boom');
      if (m.n === 2) return Promise.reject(new Error('async boom'));
    }).ready;
    for (const n of [1, 2, 3]) await bus.send(topic, { msg_type: 'probe', n });
    await waitFor(() => seen.length === 3 && bus.stats().handlerErrors === 2, 10_000, 'three deliveries, two handler errors');
    expect(seen).toEqual([1, 2, 3]);
  } finally {
    await closeAll(opened);
  }
}

/** Invalid destinations are refused before anything is sent. */
export async function destinationsValidated(make: MakeBus): Promise<void> {
  const opened: TestbedBus[] = [];
  try {
    const bus = await connected(make, opened);
    expect(() => bus.send('epictopic', { msg_type: 'x' })).toThrow(/expected \/queue\/<name> or \/topic\/<name>/);
    expect(() => bus.subscribe('/exchange/x', () => {})).toThrow(/invalid testbed destination "\/exchange\/x"/);
    expect(bus.stats().sent).toBe(0);
  } finally {
    await closeAll(opened);
  }
}

/** Unsubscribing stops delivery to that handler only. */
export async function unsubscribeStops(make: MakeBus, topic: string): Promise<void> {
  const opened: TestbedBus[] = [];
  try {
    const bus = await connected(make, opened);
    const kept = collector();
    const gone = collector();
    await bus.subscribe(topic, kept.handler).ready;
    const unsubscribe = bus.subscribe(topic, gone.handler);
    await unsubscribe.ready;
    await bus.send(topic, { msg_type: 'probe', n: 1 });
    await waitFor(() => kept.messages.length === 1 && gone.messages.length === 1, 10_000, 'first probe to both');
    unsubscribe();
    await bus.send(topic, { msg_type: 'probe', n: 2 });
    await waitFor(() => kept.messages.length === 2, 10_000, 'second probe');
    await bus.send(topic, { msg_type: 'probe', n: 3 });
    await waitFor(() => kept.messages.length === 3, 10_000, 'third probe');
    expect(gone.messages.map((m) => m.n)).toEqual([1]);
  } finally {
    await closeAll(opened);
  }
}

export { TOPIC_EPIC };
