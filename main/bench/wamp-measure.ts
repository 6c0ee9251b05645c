import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { latencySummary } from './stats.js';
import { openBenchSession, type BenchSession } from './wamp-client.js';

const ECHO_PROCEDURE = 'bench.echo';
const EVENT_TOPIC = 'bench.event';

/** CPU time spent during a measured window, in ms: by the router process and by this (client) process. */
export interface CpuSpent {
  router_ms: number;
  client_ms: number;
}

export interface RpcFigures {
  rpc_median_ms: number;
  rpc_p99_ms: number;
  calls_per_s: number;
  cpu: CpuSpent;
}

export interface PubSubFigures {
  pubsub_msgs_per_s: number;
  /** Events published but never delivered to the subscriber (0 on a correct router). */
  pubsub_lost: number;
  cpu: CpuSpent;
}

/** Starts a CPU-time window; the returned function ends it. `routerCpuMs` reads the router process's CPU clock. */
function cpuWindow(routerCpuMs: () => number): () => CpuSpent {
  const routerStart = routerCpuMs();
  const clientStart = process.cpuUsage();
  return () => {
    const client = process.cpuUsage(clientStart);
    return { router_ms: routerCpuMs() - routerStart, client_ms: (client.user + client.system) / 1000 };
  };
}

export interface PubSubSettings {
  events: number;
  warmupEvents: number;
  /** Events published per event-loop turn; the socket gets a chance to flush in between. */
  publishChunk: number;
  /** Give up waiting for missing events after this long without a new one. */
  stallTimeoutMs: number;
}

/**
 * Sequential RPC through the router: one callee session echoes its argument, one caller session
 * calls it `warmupCalls` times (unmeasured), then `calls` times, timing each call.
 */
export async function measureRpc(url: string, realm: string, calls: number, warmupCalls: number, routerCpuMs: () => number): Promise<RpcFigures> {
  const sessions = await openSessions(url, realm, 2);
  const [callee, caller] = sessions;
  try {
    await callee.session.register(ECHO_PROCEDURE, (args) => args?.[0]);
    await callSequentially(caller, warmupCalls);
    const latencies = new Array<number>(calls);
    const endCpuWindow = cpuWindow(routerCpuMs);
    const started = performance.now();
    await callSequentially(caller, calls, latencies);
    const elapsedMs = performance.now() - started;
    const cpu = endCpuWindow();
    const { median, p99 } = latencySummary(latencies);
    return { rpc_median_ms: median, rpc_p99_ms: p99, calls_per_s: calls / (elapsedMs / 1000), cpu };
  } finally {
    await closeAll(sessions);
  }
}

async function callSequentially(caller: BenchSession, count: number, latencies?: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const result = await caller.session.call(ECHO_PROCEDURE, [i]);
    if (latencies) latencies[i] = performance.now() - t0;
    // A router that answers wrongly must not look fast.
    if (result !== i) throw new Error(`${ECHO_PROCEDURE}(${i}) returned ${JSON.stringify(result)}`);
  }
}

/**
 * Pub/sub throughput: one session publishes small events (no acknowledge) to an exact topic,
 * another subscribes and counts them. Rate = delivered events / (last delivery - first publish).
 */
export async function measurePubSub(url: string, realm: string, settings: PubSubSettings, routerCpuMs: () => number): Promise<PubSubFigures> {
  const sessions = await openSessions(url, realm, 2);
  const [subscriber, publisher] = sessions;
  const counter: EventCounter = { received: 0, lastAt: 0 };
  try {
    await subscriber.session.subscribe(EVENT_TOPIC, () => {
      counter.received++;
      counter.lastAt = performance.now();
    });
    if (settings.warmupEvents > 0) await publishRound(publisher, counter, settings.warmupEvents, settings);
    const endCpuWindow = cpuWindow(routerCpuMs);
    const { delivered, elapsedMs } = await publishRound(publisher, counter, settings.events, settings);
    const cpu = endCpuWindow();
    return { pubsub_msgs_per_s: delivered / (elapsedMs / 1000), pubsub_lost: settings.events - delivered, cpu };
  } finally {
    await closeAll(sessions);
  }
}

/** What the subscriber's handler records: how many events arrived, and when the latest did. */
interface EventCounter {
  received: number;
  lastAt: number;
}

async function publishRound(publisher: BenchSession, counter: EventCounter, events: number, settings: PubSubSettings): Promise<{ delivered: number; elapsedMs: number }> {
  counter.received = 0;
  const started = performance.now();
  for (let sent = 0; sent < events; ) {
    const chunkEnd = Math.min(events, sent + settings.publishChunk);
    for (; sent < chunkEnd; sent++) publisher.session.publish(EVENT_TOPIC, [sent]);
    await nextTurn();
  }
  await waitForDeliveries(counter, events, settings.stallTimeoutMs);
  return { delivered: counter.received, elapsedMs: counter.lastAt - started };
}

/**
 * Waits until `events` have arrived, or until none has arrived for `stallTimeoutMs` (lost events).
 * Polling does not skew the rate: the end time is the handler's timestamp of the last delivery.
 */
async function waitForDeliveries(counter: EventCounter, events: number, stallTimeoutMs: number): Promise<void> {
  let seen = counter.received;
  let progressAt = performance.now();
  while (counter.received < events) {
    await new Promise((r) => setTimeout(r, 25));
    if (counter.received !== seen) {
      seen = counter.received;
      progressAt = performance.now();
    } else if (performance.now() - progressAt > stallTimeoutMs) return;
  }
}

async function openSessions(url: string, realm: string, count: number): Promise<BenchSession[]> {
  const sessions: BenchSession[] = [];
  try {
    for (let i = 0; i < count; i++) sessions.push(await openBenchSession(url, realm));
  } catch (error) {
    await closeAll(sessions);
    throw error;
  }
  return sessions;
}

async function closeAll(sessions: BenchSession[]): Promise<void> {
  await Promise.all(sessions.map((s) => s.close()));
}
