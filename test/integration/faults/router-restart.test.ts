/**
 * Fault: the site's router process (`station router`, standing in for crossbar) is SIGKILLed while
 * agents heartbeat, a feed publishes, a client calls and a `wait` is in flight, then restarted on the
 * same port. Every agent and the station's session must be back within 5 s, subscriptions must not
 * double, and the in-flight wait must fail with a message instead of hanging.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRow, Envelope } from '../../../shared/ipc.js';
import { WampConnection } from '../../../main/ocs/connection.js';
import { OcsAgent } from '../../../main/ocs/agent.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { freePort, waitFor, type RunningProcess } from '../../helpers/net.js';
import { startStation } from '../../helpers/station.js';

const REALM = 'fault_realm';
const ROOT = 'faultsite';
const FAST = { initialDelayMs: 100, maxDelayMs: 400 };
const DEMO_IDS = ['thermo-a', 'thermo-b'];

let dir: string;
let port: number;
let router: RunningProcess;
let station: Station;
let agent: OcsAgent;
let subscriber: WampConnection;
const demoAgents: RunningProcess[] = [];
/** Deliveries per feed sequence number at the independent subscriber. */
const delivered = new Map<number, number>();
let publishTimer: NodeJS.Timeout | undefined;

const wsUrl = () => `ws://127.0.0.1:${port}/ws`;

async function startSiteRouter(): Promise<RunningProcess> {
  const proc = startStation(['router', '--port', String(port), '--realm', REALM, '--address-root', ROOT]);
  await proc.waitForLine(/listening on ws:/, 10_000);
  return proc;
}

async function routerInfo(): Promise<{ sessions: number; registrations: number; subscriptions: number }> {
  return (await fetch(`http://127.0.0.1:${port}/info`)).json() as Promise<{ sessions: number; registrations: number; subscriptions: number }>;
}

function unwrap<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

async function rows(): Promise<AgentRow[]> {
  return unwrap<AgentRow[]>(await station.table.invoke('registry:snapshot', undefined));
}

/** Resolves once every one of `addresses` has a heartbeat newer than `sinceS` in the station's rows. */
async function freshHeartbeats(addresses: string[], sinceS: number, timeoutMs: number): Promise<void> {
  await waitFor(async () => {
    const byAddress = new Map((await rows()).map((row) => [row.address, row]));
    return addresses.every((address) => (byAddress.get(address)?.lastHeartbeat ?? 0) > sinceS);
  }, timeoutMs, `fresh heartbeats from ${addresses.join(', ')}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'station-fault-router-'));
  port = await freePort();
  router = await startSiteRouter();
  const siteFile = join(dir, 'site.yaml');
  await writeFile(siteFile, `hub:\n  wamp_server: ${wsUrl()}\n  wamp_realm: ${REALM}\n  address_root: ${ROOT}\nhosts:\n  localhost: {}\n`);
  for (const id of DEMO_IDS) {
    const proc = startStation(['agent', 'demo-thermometry', '--instance-id', id, '--url', wsUrl(), '--realm', REALM, '--address-root', ROOT]);
    demoAgents.push(proc);
  }
  agent = new OcsAgent({ agentClass: 'FaultProbe', instanceId: 'probe', addressRoot: ROOT, logger: silentLogger });
  agent.registerTask('slow', { run: async (_session, _params, ctx) => (await ctx.sleep(60_000), [true, 'slept']) });
  agent.registerTask('ping', { run: () => [true, 'pong'] });
  agent.registerFeed('ticks');
  agent.connect({ url: wsUrl(), realm: REALM, reconnect: FAST });
  await agent.whenReady();
  subscriber = new WampConnection({ url: wsUrl(), realm: REALM, reconnect: FAST, logger: silentLogger });
  subscriber.onJoin((session) => {
    void session.subscribe(`${ROOT}.probe.feeds.ticks`, (args) => {
      // OCS feed events: args = [[message, feed info]].
      const seq = ((args?.[0] as Array<{ data?: { seq?: number } }> | undefined)?.[0]?.data?.seq) ?? -1;
      delivered.set(seq, (delivered.get(seq) ?? 0) + 1);
    });
  });
  subscriber.open();
  let seq = 0;
  publishTimer = setInterval(() => {
    if (agent.session) agent.publishToFeed('ticks', { block_name: 'b', timestamp: Date.now() / 1000, data: { seq: seq++ } });
  }, 20);
  station = await createStation({ mode: 'headless', siteFile, dataDir: join(dir, 'data'), supervisordPath: '/nonexistent/supervisord' });
  await freshHeartbeats([...DEMO_IDS.map((id) => `${ROOT}.${id}`), `${ROOT}.probe`], 0, 15_000);
}, 40_000);

afterAll(async () => {
  clearInterval(publishTimer);
  await station?.close();
  await subscriber?.close();
  await agent?.shutdown(200);
  for (const proc of demoAgents) await proc.stop('SIGTERM');
  await router?.stop('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the site router SIGKILLed under load and restarted on the same port', () => {
  it('brings every agent and the station back within 5 s, without duplicate subscriptions, and fails the in-flight wait clearly', async () => {
    const before = await routerInfo();
    const started = unwrap<{ status: number }>(await station.table.invoke('op:start', { address: `${ROOT}.probe`, op: 'slow' }));
    expect(started.status).toBe(0);
    const waitStarted = Date.now();
    const waiting = station.table.invoke('op:wait', { address: `${ROOT}.probe`, op: 'slow', timeout: null }).then((envelope) => ({ envelope, settledAfterMs: Date.now() - waitStarted }));

    // A client calling the whole time: every call settles (ok or a clear error), none hangs.
    let calling = true;
    const callResults: Array<{ ok: boolean; message?: string }> = [];
    const caller = (async () => {
      while (calling) {
        const envelope = await station.table.invoke('op:status', { address: `${ROOT}.${DEMO_IDS[0]}`, op: 'acq' });
        callResults.push(envelope.ok ? { ok: true } : { ok: false, message: envelope.error.message });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const killedAt = Date.now();
    await router.stop('SIGKILL');

    const hung = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('op:wait still pending 8 s after its router was killed')), 8000));
    const { envelope: waitEnvelope, settledAfterMs } = await Promise.race([waiting, hung]);
    expect(waitEnvelope.ok, 'the wait must fail when its router dies').toBe(false);
    if (!waitEnvelope.ok) expect(waitEnvelope.error.message).toMatch(/\S{10,}/);
    expect(Date.now() - killedAt).toBeLessThan(5000);
    await waitFor(() => station.connection().status === 'connecting', 3000, 'the station to see its session gone');
    expect(station.connection().detail).toMatch(/reconnecting/);

    router = await startSiteRouter();
    const restartedAt = Date.now();
    await waitFor(() => station.connection().status === 'connected', 5000, 'the station session to rejoin');
    const stationMs = Date.now() - restartedAt;
    const restartedS = restartedAt / 1000;
    await freshHeartbeats([...DEMO_IDS.map((id) => `${ROOT}.${id}`), `${ROOT}.probe`], restartedS, 5000);
    const agentsMs = Date.now() - restartedAt;
    calling = false;
    await caller;

    // Same sessions, registrations and subscriptions as before the kill: nothing re-subscribed twice.
    await waitFor(async () => {
      const info = await routerInfo();
      return info.sessions === before.sessions && info.registrations === before.registrations && info.subscriptions === before.subscriptions;
    }, 3000, `router counts back to ${JSON.stringify(before)}`).catch(async (error: Error) => {
      throw new Error(`${error.message}; now ${JSON.stringify(await routerInfo())}`);
    });
    // A feed event published after the rejoin reaches the subscriber exactly once.
    const firstAfter = Math.max(-1, ...delivered.keys()) + 1;
    await waitFor(() => [...delivered.keys()].filter((seq) => seq >= firstAfter).length >= 20, 5000, '20 feed events after the restart');
    const counts = [...delivered.entries()].filter(([seq]) => seq >= firstAfter).map(([, count]) => count);
    expect(new Set(counts)).toEqual(new Set([1]));
    // The client's calls: some failed while the router was gone (with a message), the last ones succeed again.
    expect(callResults.filter((r) => !r.ok).every((r) => (r.message ?? '').length > 5)).toBe(true);
    expect(unwrap<{ status: number }>(await station.table.invoke('op:status', { address: `${ROOT}.${DEMO_IDS[0]}`, op: 'acq' }))).toBeTruthy();

    console.info(`[faults] external router restart: station session back after ${stationMs} ms, every agent heartbeating again after ${agentsMs} ms; in-flight wait failed after ${settledAfterMs} ms: ${waitEnvelope.ok ? '' : waitEnvelope.error.message}`);
    expect(stationMs).toBeLessThanOrEqual(5000);
    expect(agentsMs).toBeLessThanOrEqual(5000);
  }, 40_000);
});
