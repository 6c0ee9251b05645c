/** Messages per second through one testbed bus adapter: one sender, one subscriber, one topic. */
import { createTestbedBus, type TestbedBusConfig } from '../testbed/bus/index.js';

export interface ThroughputFigures {
  msgs_per_s: number;
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
}

/** Sends in windows of this many unacknowledged messages (keeps the outbound queue bounded). */
const WINDOW = 500;

/**
 * Sends `count` numbered messages to `/topic/bench.throughput` and times them from the first send to
 * the last receipt; a message missing after `settleMs` of silence counts as lost.
 */
export async function measureThroughput(config: TestbedBusConfig, count: number, settleMs = 3_000): Promise<ThroughputFigures> {
  const withId = (name: string): TestbedBusConfig => (config.kind === 'stomp' ? { ...config, clientId: `${name}-${process.pid}-${Date.now()}` } : config);
  const sender = createTestbedBus(withId('bench-sender'), { maxQueued: WINDOW * 2 });
  const receiver = createTestbedBus(withId('bench-receiver'));
  const destination = '/topic/bench.throughput';
  const seen = new Set<number>();
  let duplicated = 0;
  let lastAt = 0;
  let onAll = () => {};
  const all = new Promise<void>((resolve) => { onAll = resolve; });
  try {
    await Promise.all([sender.connect(), receiver.connect()]);
    await receiver.subscribe(destination, (message) => {
      const seq = Number(message.seq);
      if (seen.has(seq)) duplicated += 1;
      seen.add(seq);
      lastAt = performance.now();
      if (seen.size === count) onAll();
    }).ready;
    const startedAt = performance.now();
    for (let base = 0; base < count; base += WINDOW) {
      const sends: Promise<void>[] = [];
      for (let seq = base; seq < Math.min(count, base + WINDOW); seq += 1) sends.push(sender.send(destination, { msg_type: 'bench', seq }));
      await Promise.all(sends);
    }
    await Promise.race([all, settle(() => lastAt, settleMs)]);
    const elapsedS = ((seen.size === count ? lastAt : performance.now()) - startedAt) / 1000;
    return { msgs_per_s: Math.round(seen.size / elapsedS), sent: count, received: seen.size, lost: count - seen.size, duplicated };
  } finally {
    await Promise.all([sender.close(), receiver.close()]);
  }
}

/** Resolves once nothing arrived for `quietMs`. */
async function settle(lastArrival: () => number, quietMs: number): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs / 4));
    if (performance.now() - Math.max(lastArrival(), 0) > quietMs) return;
  }
}
