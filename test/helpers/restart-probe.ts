/**
 * Shared by the router-restart fault tests: an agent outside the station that publishes a feed at
 * 50 Hz and runs a long task (something in flight to `wait` on), an independent subscriber counting
 * every feed event it receives, the router's /info counts, and the station's heartbeat rows.
 */
import { expect } from 'vitest';
import type { AgentRow } from '../../shared/ipc.js';
import { OcsAgent } from '../../main/ocs/agent.js';
import { WampConnection } from '../../main/ocs/connection.js';
import { silentLogger } from '../../main/ocs/logger.js';
import { waitFor } from './net.js';

/** Reconnect quickly, as a site tunes its agents for tests. */
export const FAST_RECONNECT = { initialDelayMs: 100, maxDelayMs: 400 };

export interface RouterCounts {
  sessions: number;
  registrations: number;
  subscriptions: number;
}

/** The router's live sessions, registrations and subscriptions from `GET /info`. */
export async function routerCounts(httpOrigin: string): Promise<RouterCounts> {
  const { sessions, registrations, subscriptions } = (await (await fetch(`${httpOrigin}/info`)).json()) as RouterCounts;
  return { sessions, registrations, subscriptions };
}

/** Waits until the router counts equal `expected` (nothing registered or subscribed twice); the error shows the last counts. */
export async function expectRouterCounts(httpOrigin: string, expected: RouterCounts, timeoutMs = 3000): Promise<void> {
  let last: RouterCounts | null = null;
  await waitFor(async () => {
    last = await routerCounts(httpOrigin);
    return last.sessions === expected.sessions && last.registrations === expected.registrations && last.subscriptions === expected.subscriptions;
  }, timeoutMs, `router counts back to ${JSON.stringify(expected)}`).catch((error: Error) => {
    throw new Error(`${error.message}; now ${JSON.stringify(last)}`);
  });
}

/** Resolves once every one of `addresses` has a heartbeat newer than `sinceS` in the rows `rows()` returns. */
export async function freshHeartbeats(rows: () => Promise<AgentRow[]>, addresses: string[], sinceS: number, timeoutMs: number): Promise<void> {
  await waitFor(async () => {
    const byAddress = new Map((await rows()).map((row) => [row.address, row]));
    return addresses.every((address) => (byAddress.get(address)?.lastHeartbeat ?? 0) > sinceS && byAddress.get(address)?.expired === false);
  }, timeoutMs, `fresh heartbeats from ${addresses.join(', ')}`);
}

export interface FeedProbe {
  /** `{root}.probe`: tasks `slow` (60 s) and `ping`, feed `ticks`. */
  readonly agent: OcsAgent;
  readonly address: string;
  /** Resolves once 20 feed events published from now on have arrived, and checks each arrived exactly once. */
  expectEventsOnce(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts the probe agent and its subscriber on `url`, publishing a feed event every 20 ms. */
export async function startFeedProbe(options: { url: string; realm: string; addressRoot: string }): Promise<FeedProbe> {
  const { url, realm, addressRoot } = options;
  const agent = new OcsAgent({ agentClass: 'FaultProbe', instanceId: 'probe', addressRoot, logger: silentLogger });
  agent.registerTask('slow', { run: async (_session, _params, ctx) => (await ctx.sleep(60_000), [true, 'slept']) });
  agent.registerTask('ping', { run: () => [true, 'pong'] });
  agent.registerFeed('ticks');
  agent.connect({ url, realm, reconnect: FAST_RECONNECT });
  await agent.whenReady();
  // Deliveries per feed sequence number at the subscriber.
  const delivered = new Map<number, number>();
  const subscriber = new WampConnection({ url, realm, reconnect: FAST_RECONNECT, logger: silentLogger });
  subscriber.onJoin((session) => {
    void session.subscribe(`${addressRoot}.probe.feeds.ticks`, (args) => {
      // OCS feed events: args = [[message, feed info]].
      const seq = ((args?.[0] as Array<{ data?: { seq?: number } }> | undefined)?.[0]?.data?.seq) ?? -1;
      delivered.set(seq, (delivered.get(seq) ?? 0) + 1);
    });
  });
  subscriber.open();
  let seq = 0;
  const timer = setInterval(() => {
    if (agent.session) agent.publishToFeed('ticks', { block_name: 'b', timestamp: Date.now() / 1000, data: { seq: seq++ } });
  }, 20);
  return {
    agent,
    address: `${addressRoot}.probe`,
    async expectEventsOnce(timeoutMs = 5000) {
      const firstAfter = seq;
      await waitFor(() => [...delivered.keys()].filter((n) => n >= firstAfter).length >= 20, timeoutMs, '20 feed events at the subscriber');
      const counts = [...delivered.entries()].filter(([n]) => n >= firstAfter).map(([, count]) => count);
      expect(new Set(counts), 'every feed event delivered exactly once').toEqual(new Set([1]));
    },
    async close() {
      clearInterval(timer);
      await subscriber.close();
      await agent.shutdown(200);
    },
  };
}
