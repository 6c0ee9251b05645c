import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningProcess } from '../../helpers/net.js';
import { waitFor } from '../../helpers/net.js';
import { RawPeer } from '../../helpers/raw-wamp.js';
import { startRouterProcess, startStation } from '../../helpers/station.js';

const running: RunningProcess[] = [];
afterAll(async () => {
  for (const proc of running.reverse()) await proc.stop();
});

/** Calls `procedure` through a /call bridge like python-requests (no Content-Type). */
async function call(callUrl: string, procedure: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(callUrl, { method: 'POST', body: Buffer.from(JSON.stringify({ procedure, args })) });
  return ((await response.json()) as { args: unknown[] }).args[0];
}

describe('station agent registry', () => {
  it('joins the router named by a site config (as it would a site\'s crossbar) and takes instance arguments from it', async () => {
    const router = await startRouterProcess(['--realm', 'site_realm', '--address-root', 'obs']);
    running.push(router.proc);
    const dir = mkdtempSync(join(tmpdir(), 'station-site-'));
    const siteFile = join(dir, 'site.yaml');
    writeFileSync(
      siteFile,
      [
        'hub:',
        `  wamp_server: ${router.wsUrl}`,
        `  wamp_http: ${router.callUrl}`,
        '  wamp_realm: site_realm',
        '  address_root: obs',
        'hosts:',
        '  localhost:',
        '    agent-instances:',
        "      - {'agent-class': 'RegistryAgent', 'instance-id': 'reg', 'arguments': [['--wait-time', 1]]}",
      ].join('\n'),
    );
    const agent = startStation(['agent', 'RegistryAgent', '--instance-id', 'reg', '--site-file', siteFile, '--site-host', 'localhost']);
    running.push(agent);
    await agent.waitForLine(/obs\.reg joined and registered/);
    const reply = (await call(router.callUrl, 'obs.reg.ops', ['status', 'main', {}])) as [number, string, { status: string }];
    expect(reply[0]).toBe(0);
    expect(reply[2].status).toBe('running');
    expect(await call(router.callUrl, 'obs.reg', ['get_agent_class'])).toBe('RegistryAgent');
    // One heartbeat from a peer agent: with the site's --wait-time 1 its op code is republished every second.
    const peer = await RawPeer.join(router.wsUrl, 'site_realm');
    peer.send([32, 1, {}, 'obs.reg.feeds.agent_operations']);
    await peer.next((m) => m[0] === 33);
    peer.send([16, 2, {}, 'obs.peer.feeds.heartbeat', [[{ acq: 3 }, { agent_address: 'obs.peer', agent_class: 'Peer', feed_name: 'heartbeat' }]]]);
    // With the default --wait-time (30 s) only the first change would be published within these seconds.
    await waitFor(() => peer.received.filter((m) => m[0] === 36).length >= 3, 6000, 'three agent_operations events');
    peer.close();
    expect(await agent.stop('SIGINT')).toBe(0);
  });

  it('runs a demo agent on its own (DemoShutter under its upstream-style name) and it answers get_agent_class and a task', async () => {
    const router = await startRouterProcess();
    running.push(router.proc);
    const agent = startStation(['agent', 'DemoShutter', '--instance-id', 'shutter-2', '--url', router.wsUrl]);
    running.push(agent);
    await agent.waitForLine(/observatory\.shutter-2 joined and registered/);
    expect(await call(router.callUrl, 'observatory.shutter-2', ['get_agent_class'])).toBe('DemoShutter');
    const started = (await call(router.callUrl, 'observatory.shutter-2.ops', ['start', 'open', {}])) as [number, string];
    expect(started[0]).toBe(0);
    const waited = (await call(router.callUrl, 'observatory.shutter-2.ops', ['wait', 'open', { timeout: 5 }])) as [number, string, { success: boolean }];
    expect(waited[2].success).toBe(true);
    expect(await agent.stop('SIGINT')).toBe(0);
  });

  it('names an unknown agent class and the known ones', async () => {
    const agent = startStation(['agent', 'Nope', '--instance-id', 'x']);
    await agent.waitForLine(/unknown agent class "Nope" \(known: registry, demo-thermometry, demo-hwp, demo-shutter, pysmurf-controller, pysmurf-monitor, multismurf-manager\)/);
    expect(await agent.exited()).toBe(1);
  });

  it('reports a broken site config with the file and the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-site-'));
    const siteFile = join(dir, 'bad.yaml');
    writeFileSync(siteFile, 'hub:\n  wamp_server: ws://127.0.0.1:1/ws\n  address_root: obs\n');
    const agent = startStation(['agent', 'registry', '--instance-id', 'registry', '--site-file', siteFile]);
    await agent.waitForLine(/bad\.yaml.*hub\.wamp_realm/);
    expect(await agent.exited()).toBe(1);
  });
});

describe('station start', () => {
  it('runs the embedded router with the Registry on it', async () => {
    const station = startStation(['start', '--port', '0']);
    running.push(station);
    const [, callUrl] = await station.waitForLine(/HTTP bridge (http:\S+)/);
    await station.waitForLine(/Registry observatory.registry is running/);
    const reply = (await call(callUrl, 'observatory.registry.ops', ['status', 'main', {}])) as [number, string, { data: object }];
    expect(reply.slice(0, 2)).toEqual([0, 'Session active.']);
    expect(reply[2].data).toEqual({});
    expect(await station.stop('SIGTERM')).toBe(0);
  });
});
