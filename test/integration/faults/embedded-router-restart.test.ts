/**
 * Fault: the station's own router goes away with `station serve` (SIGKILL, then SIGTERM) while agents
 * outside the station (a `station agent` process, a Python autobahn agent, an in-test agent publishing a
 * 50 Hz feed to a subscriber) heartbeat, a Python autobahn caller waits on a running
 * task through the embedded router, and a UI is open (a bridge client and a Chromium page). Restarted
 * on the same ports and data dir: every outside agent heartbeats again within 5 s of the router being
 * back, nothing is registered or subscribed twice, the in-flight wait failed with a message instead of
 * hanging, and the UI reconnects with the same token (kept in the data dir) and shows the agents alive.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRow } from '../../../shared/ipc.js';
import { BridgeClient, type SocketLike } from '../../../renderer/src/api/bridge-client.js';
import { launchBrowser, openPage } from '../../helpers/browser.js';
import { freePort, waitFor, type RunningProcess } from '../../helpers/net.js';
import { startPythonAgent, startPythonCaller, type PythonAgent } from '../../helpers/python.js';
import { expectRouterCounts, freshHeartbeats, routerCounts, startFeedProbe, type FeedProbe } from '../../helpers/restart-probe.js';
import { startServe, type ServeProcess } from '../../helpers/serve.js';
import { startStation } from '../../helpers/station.js';
import { RegistryGridPage } from '../../e2e/pages/registry-grid.js';

const ROOT = 'observatory';
const REALM = 'test_realm';
const AGENT_ID = 'outside-thermo';
const PYTHON_ID = 'outside-py';

let dir: string;
let port: number;
let wampPort: number;
let serve: ServeProcess;
let outsideAgent: RunningProcess;
let pythonAgent: PythonAgent;
let probe: FeedProbe;
let bridge: BridgeClient;
let browser: Browser;
let page: Page;
/** registry:rows pushes the bridge client received. */
let rowPushes = 0;

const wampUrl = () => `ws://127.0.0.1:${wampPort}/ws`;
const wampOrigin = () => `http://127.0.0.1:${wampPort}`;
const outsideAddresses = () => [`${ROOT}.${AGENT_ID}`, `${ROOT}.${PYTHON_ID}`, probe.address];

function startStationServe(): Promise<ServeProcess> {
  return startServe(['--port', String(port), '--wamp-port', String(wampPort), '--data-dir', join(dir, 'data'), '--no-smurf']);
}

/** The station's rows as the UI sees them (empty while the bridge is down). */
async function bridgeRows(): Promise<AgentRow[]> {
  return bridge.api.invoke('registry:snapshot', undefined).catch(() => []);
}

/** Resolves with the time the embedded router answers /info again. */
async function routerBack(): Promise<number> {
  await waitFor(() => fetch(`${wampOrigin()}/info`).then((r) => r.ok, () => false), 30_000, 'the embedded router to be back', 20);
  return Date.now();
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'station-fault-embedded-'));
  port = await freePort();
  wampPort = await freePort();
  serve = await startStationServe();
  outsideAgent = startStation(['agent', 'demo-thermometry', '--instance-id', AGENT_ID, '--url', wampUrl()]);
  pythonAgent = await startPythonAgent({ url: wampUrl(), instanceId: PYTHON_ID, reconnect: true });
  probe = await startFeedProbe({ url: wampUrl(), realm: REALM, addressRoot: ROOT });
  const origin = serve.origin;
  // The renderer's own client, on the URL and token a page of this station uses.
  bridge = new BridgeClient({ url: `ws://127.0.0.1:${port}/bridge?token=${serve.token}`, createSocket: (url) => new WebSocket(url, { origin }) as unknown as SocketLike });
  bridge.api.on('registry:rows', () => rowPushes++);
  browser = await launchBrowser();
  page = (await openPage(browser)).page;
  await page.goto(serve.url);
  await freshHeartbeats(bridgeRows, outsideAddresses(), 0, 20_000);
}, 60_000);

afterAll(async () => {
  bridge?.close();
  await browser?.close();
  await probe?.close();
  await outsideAgent?.stop('SIGTERM');
  await pythonAgent?.stop('SIGTERM');
  await serve?.proc.stop('SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
}, 30_000);

describe.each(['SIGKILL', 'SIGTERM'] as const)('station serve (embedded router) stopped with %s and started again on the same ports and data dir', (signal) => {
  it('brings every outside agent back within 5 s, without duplicates, fails the in-flight wait clearly and reconnects the UI with the same token', async () => {
    const before = await routerCounts(wampOrigin());
    const tokenBefore = serve.token;
    const grid = new RegistryGridPage(page);
    await grid.row(`${ROOT}.${AGENT_ID}`).waitFor({ timeout: 10_000 });

    // A Python OCS client waiting on a task that runs for a minute.
    const caller = startPythonCaller({ transport: 'wamp', url: wampUrl(), agent: probe.address, steps: ['start:slow', 'wait:slow'], timeoutMs: 30_000 });
    await caller.result(0);
    await waitFor(() => routerCounts(wampOrigin()).then((now) => now.sessions === before.sessions + 1), 5000, 'the caller session on the router');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const stoppedAt = Date.now();
    const exitCode = await serve.proc.stop(signal);
    if (signal === 'SIGTERM') expect(exitCode, 'a SIGTERMed station stops cleanly').toBe(0);
    const waited = await caller.result(1, 8000);
    const waitFailedMs = Date.now() - stoppedAt;
    expect(waited.reply, 'the wait must not succeed').toBeUndefined();
    // SIGKILL: autobahn fails the call with the lost session's reason; SIGTERM: the router cancels it as the callee leaves first.
    expect(waited.error).toMatch(/^wamp\.(close\.(transport_lost|system_shutdown)|error\.canceled)$/);
    expect(String(waited.args?.[0])).toMatch(/\S{10,}/);
    await caller.process.exited();
    await waitFor(() => bridge.state().status === 'reconnecting', 5000, 'the bridge client to see the station gone');
    await page.getByTestId('bridge-banner').waitFor({ state: 'visible', timeout: 5000 });

    // When the UI is back, taken as it happens (the checks below take their own time).
    let bridgeBackAt = 0;
    const unwatch = bridge.onState((state) => {
      if (state.status === 'connected' && bridgeBackAt === 0) bridgeBackAt = Date.now();
    });
    const pageBack = page.getByTestId('bridge-banner').waitFor({ state: 'hidden', timeout: 40_000 }).then(() => Date.now());
    const restarting = startStationServe();
    const routerBackAt = await routerBack();
    serve = await restarting;
    const httpBackAt = Date.now();
    expect(serve.token, 'the control token survives the restart').toBe(tokenBefore);

    await freshHeartbeats(bridgeRows, outsideAddresses(), routerBackAt / 1000, 5000 + (httpBackAt - routerBackAt));
    const agentsMs = Date.now() - routerBackAt;
    await waitFor(() => bridgeBackAt, 5000, 'the bridge client back');
    unwatch();
    // The HTTP server listens a moment before its ready line is printed: a UI may be back "before" httpBackAt.
    const bridgeMs = Math.max(0, bridgeBackAt - httpBackAt);
    const pageMs = Math.max(0, (await pageBack) - httpBackAt);

    // The same sessions, registrations and subscriptions as before (the caller has gone): nothing doubled.
    await expectRouterCounts(wampOrigin(), before, 5000);
    await probe.expectEventsOnce();
    // The UI resynchronised: fresh row pushes arrive, and the page shows the outside agents alive again.
    const pushesNow = rowPushes;
    await waitFor(() => rowPushes > pushesNow, 5000, 'registry:rows pushes after the reconnect');
    for (const address of outsideAddresses()) await expect.poll(() => grid.row(address).getAttribute('data-expired'), { timeout: 5000 }).toBe('false');

    console.info(
      `[faults] embedded router ${signal}: in-flight wait failed after ${waitFailedMs} ms (${waited.error}: ${String(waited.args?.[0])}); ` +
        `router back → every outside agent heartbeating ${agentsMs} ms; HTTP back → bridge client ${bridgeMs} ms, page ${pageMs} ms`,
    );
    expect(waitFailedMs).toBeLessThan(5000);
    expect(agentsMs).toBeLessThanOrEqual(5000);
    expect(bridgeMs).toBeLessThanOrEqual(5000);
    expect(pageMs).toBeLessThanOrEqual(5000);
  }, 90_000);
});
