/**
 * The station's smurf side without its own crate: attached to a site's router (site config), it
 * starts no smurf agents but lists the site's PysmurfControllers and finds its MultiSmurfManager
 * from heartbeats; with the embedded router and a taken monitor port, the simulated crate's
 * monitor moves to a free port and says so.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpReplyView } from '../../../shared/ipc.js';
import type { ScriptEntry, ScriptOutputLine, ScriptRunRecord, SmurfInfo, SmurfSlot } from '../../../shared/smurf.js';
import { createMultiSmurfManager } from '../../../main/agents/multismurf-manager/index.js';
import { createPysmurfController, DEFAULT_SMURF_SITE_FILE, loadSmurfSite } from '../../../main/agents/pysmurf-controller/index.js';
import type { OcsAgent } from '../../../main/ocs/agent.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { waitFor } from '../../helpers/net.js';

const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smurf-site-mode-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function value<T>(station: Station, channel: string, request?: unknown): Promise<T> {
  const envelope = await station.table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

describe('station smurf side on a site bus', () => {
  let router: RouterHandle;
  let agents: OcsAgent[];
  let station: Station;

  beforeAll(async () => {
    router = await startRouter({ port: 0, realm: 'site_realm', addressRoot: 'site' });
    const site = loadSmurfSite(DEFAULT_SMURF_SITE_FILE, { dataDir: join(dir, 'site-data') });
    const controller = createPysmurfController({ instanceId: 'pysmurf-controller-c7s3', addressRoot: 'site', logger: QUIET, crate: 7, slot: 3, streamId: 'crate7slot3', site, udp: { host: '127.0.0.1', port: 9 } });
    const manager = createMultiSmurfManager({ instanceId: 'site-manager', addressRoot: 'site', logger: QUIET });
    agents = [controller, manager];
    for (const agent of agents) agent.connect({ url: router.wsUrl, realm: 'site_realm' });
    const siteFile = join(dir, 'site.yaml');
    writeFileSync(siteFile, ['hub:', `  wamp_server: ${router.wsUrl}`, '  wamp_realm: site_realm', '  address_root: site', 'hosts: {}'].join('\n'));
    station = await createStation({ mode: 'headless', siteFile, dataDir: join(dir, 'station') });
  });
  afterAll(async () => {
    await station?.close();
    await Promise.all(agents.map((agent) => agent.shutdown(1000)));
    await router.close();
  });

  it('starts no smurf agents of its own', () => {
    expect(station.router).toBeNull();
    expect(station.smurf).toBeNull();
  });

  it("lists the site's controller with its stream id, and the site's manager in smurf:info", async () => {
    const slots = await waitFor(async () => {
      const list = await value<SmurfSlot[]>(station, 'smurf:slots');
      return list.length === 1 && list[0].streamId === 'crate7slot3' ? list : null;
    }, 10_000, 'the site controller with its stream id');
    expect(slots[0]).toMatchObject({ address: 'site.pysmurf-controller-c7s3', crate: 7, slot: 3, expired: false });
    const info = await waitFor(async () => {
      const current = await value<SmurfInfo>(station, 'smurf:info');
      return current.managerAddress ? current : null;
    }, 5000, 'the manager from heartbeats');
    expect(info).toMatchObject({ managerAddress: 'site.site-manager', monitorAddress: null });
    expect(info.scriptDirs.length).toBeGreaterThan(0);
  });
});

describe('station smurf crate with its monitor port taken', () => {
  let blocker: Socket;
  let station: Station;
  const warnings: string[] = [];

  beforeAll(async () => {
    blocker = createSocket('udp4');
    await new Promise<void>((resolve) => blocker.bind(0, '127.0.0.1', () => resolve()));
    station = await createStation({
      mode: 'headless',
      wampPort: 0,
      demo: false,
      dataDir: join(dir, 'fallback'),
      smurfUdpPort: blocker.address().port,
      log: (level, message) => level === 'warn' && warnings.push(message),
    });
  });
  afterAll(async () => {
    await station?.close();
    blocker.close();
  });

  it('listens on a free port instead and says so', async () => {
    const taken = blocker.address().port;
    expect(station.smurf?.udpPort).toBeGreaterThan(0);
    expect(station.smurf?.udpPort).not.toBe(taken);
    expect(warnings.join('\n')).toContain(`UDP port ${taken} is in use; listening on ${station.smurf?.udpPort} instead`);
    const info = await value<SmurfInfo>(station, 'smurf:info');
    expect(info.monitorAddress).toBe('observatory.pysmurf-monitor');
  });

  it("tells the controllers: their scripts publish to the monitor's actual port", async () => {
    const scripts = await value<ScriptEntry[]>(station, 'scripts:list');
    const hello = scripts.find((script) => script.name === 'hello_smurf.py')!;
    const address = 'observatory.pysmurf-controller-c1s4';
    await waitFor(async () => (await station.table.invoke('op:status', { address, op: 'run' })).ok, 5000, 'the controller on the bus');
    const started = await value<OpReplyView>(station, 'op:start', { address, op: 'run', params: { script: hello.path, args: ['--duration', '0.3', '--interval', '0.1'] } });
    expect(started.status).toBe(0);
    const done = await value<OpReplyView>(station, 'op:wait', { address, op: 'run', timeout: 15 });
    expect(done.session?.success).toBe(true);
    const [run] = await value<ScriptRunRecord[]>(station, 'scripts:history', { limit: 1 });
    const lines = await value<ScriptOutputLine[]>(station, 'scripts:output', { runId: run.id });
    expect(lines[0].text).toContain(`SMURFPUB_UDP_PORT=${station.smurf?.udpPort} `);
    // The monitor heard the script's session_data (merged into the run's session by the controller).
    expect(done.session?.data).toHaveProperty('lines');
  });
});
