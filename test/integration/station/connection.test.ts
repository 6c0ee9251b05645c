/**
 * Switching routers at runtime (connection:set): from the embedded router to a second real router
 * (by URL and by site config), through a restart of that router, to an unreachable one and back;
 * and a station started in site mode (no embedded router, no Registry).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRow, ConnectionState } from '../../../shared/ipc.js';
import { unwrap } from '../../helpers/station-table.js';
import { OcsAgent } from '../../../main/ocs/agent.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { freePort, waitFor } from '../../helpers/net.js';

const SITE = { realm: 'site_realm', addressRoot: 'site2' };

let station: Station;
let siteRouter: RouterHandle;
let siteAgent: OcsAgent;
let dir: string;
let siteFile: string;
const states: ConnectionState[] = [];

async function addresses(target: Station = station): Promise<string[]> {
  return unwrap<AgentRow[]>(await target.table.invoke('registry:snapshot', undefined)).map((row) => row.address).sort();
}

const setConnection = async (request: unknown) => unwrap<ConnectionState>(await station.table.invoke('connection:set', request));

beforeAll(async () => {
  station = await createStation({ mode: 'headless', wampPort: 0 });
  station.table.onPush((channel, payload) => channel === 'connection:state' && states.push(payload as ConnectionState));
  siteRouter = await startRouter({ port: await freePort(), ...SITE });
  siteAgent = new OcsAgent({ agentClass: 'SiteThermometer', instanceId: 'thermo1', addressRoot: SITE.addressRoot, logger: silentLogger });
  siteAgent.registerTask('ping', { run: () => [true, 'pong'] });
  siteAgent.connect({ url: siteRouter.wsUrl, realm: SITE.realm, reconnect: { initialDelayMs: 200, maxDelayMs: 1000 } });
  await siteAgent.whenReady();
  dir = await mkdtemp(join(tmpdir(), 'station-connection-'));
  siteFile = join(dir, 'site.yaml');
  await writeFile(siteFile, `hub:\n  wamp_server: ${siteRouter.wsUrl}\n  wamp_realm: ${SITE.realm}\n  address_root: ${SITE.addressRoot}\nhosts:\n  localhost: {}\n`);
});
afterAll(async () => {
  await station?.close();
  await siteAgent?.shutdown(500);
  await siteRouter?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('connection:set', () => {
  it('moves to another router by URL: connected there, rows from that bus only, state pushed', async () => {
    await waitFor(async () => (await addresses()).includes('observatory.demo-thermo'), 5000, 'the demo agents');
    const state = await setConnection({ kind: 'url', url: siteRouter.wsUrl, ...SITE });
    expect(state).toEqual({ target: { kind: 'url', url: siteRouter.wsUrl, ...SITE }, url: siteRouter.wsUrl, ...SITE, status: 'connected', detail: null });
    await waitFor(async () => (await addresses()).join() === 'site2.thermo1', 3000, 'only the site agent in the rows');
    await waitFor(() => states.at(-1)?.status === 'connected' && states.at(-1)?.url === siteRouter.wsUrl, 1000, 'a connected push');
    // The embedded router keeps running with its agents; they are just not on this bus.
    expect(station.router).not.toBeNull();
    const ghost = await station.table.invoke('agent:api', { address: 'observatory.demo-thermo' });
    expect(ghost).toMatchObject({ ok: false, error: { code: 'agent_error', message: expect.stringContaining('observatory.demo-thermo') } });
    const ping = await station.table.invoke('op:start', { address: 'site2.thermo1', op: 'ping' });
    expect(ping).toMatchObject({ ok: true, value: { status: 0 } });
  });

  it('reconnects by itself after the router restarts', async () => {
    const port = siteRouter.port;
    await siteRouter.close();
    await waitFor(() => station.connection().status === 'connecting', 3000, 'the station to notice');
    expect(station.connection().detail).toMatch(/reconnecting/);
    siteRouter = await startRouter({ port, ...SITE });
    await waitFor(() => station.connection().status === 'connected', 8000, 'the station to reconnect');
    // The heartbeat subscription is back: the agent's row stays alive after its own rejoin.
    const rejoined = Date.now() / 1000;
    await waitFor(async () => {
      const rows = unwrap<AgentRow[]>(await station.table.invoke('registry:snapshot', undefined));
      return rows.find((row) => row.address === 'site2.thermo1' && row.lastHeartbeat > rejoined + 0.5);
    }, 8000, 'fresh heartbeats after the restart');
  });

  it('moves to a site config\'s hub', async () => {
    await setConnection({ kind: 'embedded' });
    const state = await setConnection({ kind: 'site', siteFile });
    expect(state).toMatchObject({ target: { kind: 'site', siteFile }, url: siteRouter.wsUrl, ...SITE, status: 'connected' });
    await waitFor(async () => (await addresses()).join() === 'site2.thermo1', 3000, 'the site agent');
  });

  it('says why an unreachable router does not answer, and comes back to the embedded one', async () => {
    const deadPort = await freePort();
    const state = await setConnection({ kind: 'url', url: `ws://127.0.0.1:${deadPort}/ws`, realm: 'r', addressRoot: 'observatory' });
    expect(state.status).toBe('connecting');
    expect(state.detail).toContain('ECONNREFUSED');
    const notConnected = await station.table.invoke('op:status', { address: 'site2.thermo1', op: 'ping' });
    expect(notConnected).toMatchObject({ ok: false, error: { code: 'not_connected' } });

    const back = await setConnection({ kind: 'embedded' });
    expect(back).toMatchObject({ target: { kind: 'embedded' }, url: station.router!.wsUrl, status: 'connected' });
    await waitFor(async () => (await addresses()).includes('observatory.demo-thermo'), 3000, 'the demo agents again');
    expect(await addresses()).not.toContain('site2.thermo1');
  });
});

describe('a station started in site mode', () => {
  it('uses the site\'s router without an embedded router or Registry of its own', async () => {
    const siteStation = await createStation({ mode: 'headless', siteFile });
    try {
      expect(siteStation.router).toBeNull();
      expect(siteStation.connection()).toMatchObject({ target: { kind: 'site', siteFile }, url: siteRouter.wsUrl, status: 'connected' });
      await waitFor(async () => (await addresses(siteStation)).includes('site2.thermo1'), 3000, 'the site agent');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(await addresses(siteStation)).toEqual(['site2.thermo1']);
    } finally {
      await siteStation.close();
    }
    expect(siteStation.connection().status).toBe('disconnected');
  });

  it('refuses to start with a broken site file, naming the problem', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'hub:\n  wamp_realm: r\n');
    await expect(createStation({ mode: 'headless', siteFile: broken })).rejects.toThrow(/broken\.yaml.*wamp_server/);
  });
});
