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
import type { AgentRow } from '../../../shared/ipc.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { freePort, waitFor, type RunningProcess } from '../../helpers/net.js';
import { expectRouterCounts, freshHeartbeats, routerCounts, startFeedProbe, type FeedProbe } from '../../helpers/restart-probe.js';
import { unwrap } from '../../helpers/station-table.js';
import { startStation } from '../../helpers/station.js';

const REALM = 'fault_realm';
const ROOT = 'faultsite';
const DEMO_IDS = ['thermo-a', 'thermo-b'];

let dir: string;
let port: number;
let router: RunningProcess;
let station: Station;
let probe: FeedProbe;
const demoAgents: RunningProcess[] = [];

const wsUrl = () => `ws://127.0.0.1:${port}/ws`;
const httpOrigin = () => `http://127.0.0.1:${port}`;

async function startSiteRouter(): Promise<RunningProcess> {
  const proc = startStation(['router', '--port', String(port), '--realm', REALM, '--address-root', ROOT]);
  await proc.waitForLine(/listening on ws:/, 10_000);
  return proc;
}

async function rows(): Promise<AgentRow[]> {
  return unwrap<AgentRow[]>(await station.table.invoke('registry:snapshot', undefined));
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
  probe = await startFeedProbe({ url: wsUrl(), realm: REALM, addressRoot: ROOT });
  station = await createStation({ mode: 'headless', siteFile, dataDir: join(dir, 'data'), supervisordPath: '/nonexistent/supervisord' });
  await freshHeartbeats(rows, [...DEMO_IDS.map((id) => `${ROOT}.${id}`), `${ROOT}.probe`], 0, 15_000);
}, 40_000);

afterAll(async () => {
  await station?.close();
  await probe?.close();
  for (const proc of demoAgents) await proc.stop('SIGTERM');
  await router?.stop('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the site router SIGKILLed under load and restarted on the same port', () => {
  it('brings every agent and the station back within 5 s, without duplicate subscriptions, and fails the in-flight wait clearly', async () => {
    const before = await routerCounts(httpOrigin());
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
    await freshHeartbeats(rows, [...DEMO_IDS.map((id) => `${ROOT}.${id}`), `${ROOT}.probe`], restartedS, 5000);
    const agentsMs = Date.now() - restartedAt;
    calling = false;
    await caller;

    // Same sessions, registrations and subscriptions as before the kill: nothing re-subscribed twice.
    await expectRouterCounts(httpOrigin(), before);
    // Feed events published after the rejoin reach the subscriber exactly once.
    await probe.expectEventsOnce();
    // The client's calls: some failed while the router was gone (with a message), the last ones succeed again.
    expect(callResults.filter((r) => !r.ok).every((r) => (r.message ?? '').length > 5)).toBe(true);
    expect(unwrap<{ status: number }>(await station.table.invoke('op:status', { address: `${ROOT}.${DEMO_IDS[0]}`, op: 'acq' }))).toBeTruthy();

    console.info(`[faults] external router restart: station session back after ${stationMs} ms, every agent heartbeating again after ${agentsMs} ms; in-flight wait failed after ${settledAfterMs} ms: ${waitEnvelope.ok ? '' : waitEnvelope.error.message}`);
    expect(stationMs).toBeLessThanOrEqual(5000);
    expect(agentsMs).toBeLessThanOrEqual(5000);
  }, 40_000);
});
