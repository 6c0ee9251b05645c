/**
 * The read-only viewer token on a real station: createStation (headless, embedded router and demo
 * agents, temp data dir, no supervisord) behind the real headless server. Over the read-only URL every
 * action channel is refused with `forbidden` and does not happen (no audit entry, the op never starts);
 * queries answer; the control token still acts; app:info tells each connection its access.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { READ_ONLY_CHANNELS } from '../../../shared/access.js';
import { AUDITED_CHANNELS } from '../../../shared/audit.js';
import { INVOKE_CHANNELS, type AppInfo, type InvokeChannel, type OpReplyView } from '../../../shared/ipc.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { startHeadlessServer, type HeadlessServer } from '../../../main/serve/server.js';
import { waitFor } from '../../helpers/net.js';
import { unlockExpert } from '../../helpers/unlock.js';
import { bridgeCall, cookieFrom, openSocket, rawGet } from '../serve/http-get.js';

const THERMO = 'observatory.demo-thermo';

/** A valid request for every action channel, so the only reason left to refuse it is the token. */
const ACTIONS: Partial<Record<InvokeChannel, unknown>> = {
  'op:start': { address: THERMO, op: 'set_setpoint', params: { setpoint: 7, ramp_rate: 0.5 } },
  'op:abort': { address: THERMO, op: 'set_setpoint' },
  'op:stop': { address: THERMO, op: 'acq' },
  'connection:set': { kind: 'embedded' },
  'testbed:config:save': { name: 'viewer', text: '[testbed]\n' },
  'testbed:run': {},
  'testbed:stop-workflow': {},
  'testbed:stop-agents': undefined,
  'testbed:agent': { action: 'stop', name: 'daq-simulator' },
  'alarms:ack': { id: 1 },
  'alarms:set-rule': { id: 'agent-expired', enabled: false },
  'logs:open': { path: '/etc/passwd' },
  'logs:close': { sourceId: 'file:1' },
};

let dataDir: string;
let station: Station;
let server: HeadlessServer;
let viewer: WebSocket;
let control: WebSocket;
let nextId = 1;

const call = (socket: WebSocket, channel: string, request?: unknown) => bridgeCall(socket, nextId++, channel, request);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-access-'));
  writeFileSync(join(dataDir, 'index.html'), '<!doctype html><title>station</title>');
  station = await createStation({ mode: 'headless', wampPort: 0, smurf: false, dataDir, supervisordPath: join(dataDir, 'no-supervisord') });
  server = await startHeadlessServer({ host: '127.0.0.1', port: 0, table: station.table, rendererDir: dataDir });
  const origin = { origin: `http://127.0.0.1:${server.port}` };
  viewer = await openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.readOnlyToken}`, origin);
  control = await openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, origin);
  await waitFor(async () => (await station.table.invoke('op:status', { address: THERMO, op: 'acq' })).ok, 10_000, 'the demo thermometer');
}, 30_000);
afterAll(async () => {
  viewer?.close();
  control?.close();
  await server?.close();
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('read-only viewer token over the bridge', () => {
  it('has two distinct tokens and URLs', () => {
    expect(server.readOnlyToken).toMatch(/^[0-9a-f]{64}$/);
    expect(server.readOnlyToken).not.toBe(server.token);
    expect(server.readOnlyUrl).toBe(`http://127.0.0.1:${server.port}/?token=${server.readOnlyToken}`);
  });

  it('classifies every channel: the audited ones and the other state changers are actions', () => {
    const actions = INVOKE_CHANNELS.filter((channel) => !READ_ONLY_CHANNELS.includes(channel));
    expect(new Set(actions)).toEqual(new Set(Object.keys(ACTIONS)));
    // access:set is audited (lock level changes) but open to viewers: it cannot raise one above `locked`.
    for (const channel of AUDITED_CHANNELS.filter((name) => name !== 'access:set')) expect(actions, channel).toContain(channel);
  });

  it('refuses every action channel to the viewer, and none of them happens', async () => {
    const auditBefore = await station.table.invoke('audit:list', {});
    for (const [channel, request] of Object.entries(ACTIONS)) {
      expect(await call(viewer, channel, request), channel).toEqual({
        ok: false,
        error: { code: 'forbidden', message: `read-only viewer: ${channel} needs the control URL` },
      });
    }
    // Refused before any handler: nothing audited, the setpoint task never ran, the router unchanged.
    expect(await station.table.invoke('audit:list', {})).toEqual(auditBefore);
    const status = (await call(viewer, 'op:status', { address: THERMO, op: 'set_setpoint' })) as { ok: true; value: OpReplyView };
    expect(status.value.session?.status ?? 'starting').not.toBe('running');
    expect(status.value.session?.start_time ?? null).toBeNull();
    expect(station.connection().status).toBe('connected');
  });

  it('answers the viewer on every query channel (never forbidden)', async () => {
    const queries: Partial<Record<InvokeChannel, unknown>> = {
      'agent:api': { address: THERMO },
      'op:status': { address: THERMO, op: 'acq' },
      'op:wait': { address: THERMO, op: 'acq', timeout: 0 },
      'testbed:config:validate': { text: 'x = 1\n' },
      'testbed:config:read': { name: 'testbed.toml', source: 'builtin' },
      'feeds:list': { address: THERMO, waitMs: 0 },
      'ops:timeline': { from: 0, to: 1000 },
    };
    for (const channel of READ_ONLY_CHANNELS) {
      const reply = await call(viewer, channel, queries[channel]);
      // Some need ids that do not exist here: any answer but forbidden shows the request reached the table.
      expect(reply.error?.code, `${channel}: ${reply.error?.message}`).not.toBe('forbidden');
      if (channel in queries || reply.error?.code !== 'bad_request') expect(reply.ok, `${channel}: ${reply.error?.message}`).toBe(true);
    }
  });

  it('tells each connection its access in app:info', async () => {
    expect(((await call(viewer, 'app:info')).value as AppInfo).access).toBe('read-only');
    expect(((await call(control, 'app:info')).value as AppInfo).access).toBe('control');
  });

  it('still lets the control token act', async () => {
    const started = await call(control, 'op:start', ACTIONS['op:start']);
    expect(started.ok, started.error?.message).toBe(true);
    expect((started.value as OpReplyView).status).toBe(0);
    await unlockExpert(control);
    const set = await call(control, 'alarms:set-rule', { id: 'agent-expired', enabled: true });
    expect(set.ok, set.error?.message).toBe(true);
  });

  it('keeps a read-only page read-only: its cookie carries the viewer token, not the control one', async () => {
    const page = await rawGet(server.port, `/?token=${server.readOnlyToken}`);
    expect(page.status).toBe(200);
    expect(cookieFrom(page)).toBe(`station_token=${server.readOnlyToken}`);
    // The page's query token wins over a control cookie left by an earlier page load.
    const socket = await openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.readOnlyToken}`, { cookie: `station_token=${server.token}` });
    expect((await call(socket, 'op:abort', ACTIONS['op:abort'])).error?.code).toBe('forbidden');
    socket.close();
    await expect(openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${'b'.repeat(64)}`)).rejects.toThrow('HTTP 401');
  });
});
