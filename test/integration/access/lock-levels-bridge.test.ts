/**
 * Lock levels over the real bridge: createStation (headless, embedded router, demo agents, temp data dir
 * whose station.toml sets `[access] relock_seconds = 2`) behind the real headless server, real `ws`
 * sockets. Every refusal (locked → operate channel, operate → expert channel, read-only → access:set)
 * is `forbidden` with the levels named and never reaches a handler; an unlock relocks after the idle
 * time with an `access:level` push; sockets are independent; an op whose min_privs is 2 needs expert.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { AccessView } from '../../../shared/access.js';
import type { AuditEntry } from '../../../shared/audit.js';
import type { BridgeMessage, InvokeChannel, OpReplyView } from '../../../shared/ipc.js';
import { OcsAgent } from '../../../main/ocs/agent.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { startHeadlessServer, type HeadlessServer } from '../../../main/serve/server.js';
import { waitFor } from '../../helpers/net.js';
import { setLevel, unlockExpert } from '../../helpers/unlock.js';
import { bridgeCall, openSocket } from '../serve/http-get.js';

const THERMO = 'observatory.demo-thermo';
const PRIVILEGED = 'observatory.lock-privileged';

/** A valid request per operate and expert channel, so the level is the only reason left to refuse it. */
const OPERATE: Partial<Record<InvokeChannel, unknown>> = {
  'op:start': { address: THERMO, op: 'set_setpoint', params: { setpoint: 7, ramp_rate: 0.5 } },
  'op:abort': { address: THERMO, op: 'set_setpoint' },
  'op:stop': { address: THERMO, op: 'acq' },
  'testbed:run': {},
  'testbed:stop-workflow': {},
  'alarms:ack': { id: 1 },
  'logs:close': { sourceId: 'file:1' },
};
const EXPERT: Partial<Record<InvokeChannel, unknown>> = {
  'connection:set': { kind: 'embedded' },
  'testbed:config:save': { name: 'locked-out', text: '[testbed]\n' },
  'testbed:stop-agents': undefined,
  'testbed:agent': { action: 'stop', name: 'daq-simulator' },
  'alarms:set-rule': { id: 'agent-expired', enabled: false },
  'logs:open': { path: '/etc/hostname' },
};

let dataDir: string;
let station: Station;
let server: HeadlessServer;
let agent: OcsAgent;
let nextId = 1;
const sockets: WebSocket[] = [];

const call = (socket: WebSocket, channel: string, request?: unknown) => bridgeCall(socket, nextId++, channel, request);

/** A control (or read-only) socket that records the access:level pushes it receives. */
async function open(readOnly = false): Promise<{ socket: WebSocket; levels: Array<{ view: AccessView; at: number }> }> {
  const socket = await openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${readOnly ? server.readOnlyToken : server.token}`, { origin: `http://127.0.0.1:${server.port}` });
  sockets.push(socket);
  const levels: Array<{ view: AccessView; at: number }> = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as BridgeMessage;
    if (message.kind === 'push' && message.channel === 'access:level') levels.push({ view: message.payload as AccessView, at: Date.now() });
  });
  return { socket, levels };
}

const auditCount = async () => ((await station.table.invoke('audit:list', {})) as { ok: true; value: { total: number } }).value.total;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-lock-levels-'));
  writeFileSync(join(dataDir, 'index.html'), '<!doctype html><title>station</title>');
  writeFileSync(join(dataDir, 'station.toml'), '[access]\n# Short enough to watch a relock, long enough that two steps of a test are never 2 s apart, even under load.\nrelock_seconds = 2\n');
  station = await createStation({ mode: 'headless', wampPort: 0, smurf: false, dataDir, supervisordPath: join(dataDir, 'no-supervisord') });
  server = await startHeadlessServer({ host: '127.0.0.1', port: 0, table: station.table, rendererDir: dataDir });
  // An agent with an escalated op (min_privs 2, ocs-web's OpPrivs) and a basic one.
  agent = new OcsAgent({ agentClass: 'LockProbe', instanceId: 'lock-privileged', logger: silentLogger });
  const task = { run: async () => [true, 'done'] as [boolean, string] };
  agent.registerTask('escalated', { ...task, minPrivs: 2 });
  agent.registerTask('basic', task);
  agent.connect({ url: station.router!.wsUrl, realm: station.router!.realm });
  await agent.whenReady();
  await waitFor(async () => (await station.table.invoke('op:status', { address: THERMO, op: 'acq' })).ok, 10_000, 'the demo thermometer');
}, 30_000);
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await agent?.shutdown(500);
  await server?.close();
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('lock levels over the bridge', () => {
  it('starts at operate (the default start level) with the idle time from station.toml', async () => {
    const { socket } = await open();
    expect(await call(socket, 'access:get')).toEqual({ ok: true, value: { level: 'operate', startLevel: 'operate', maxLevel: 'expert', relockAt: null } });
  });

  it('locked: every operate and expert channel is refused naming both levels, and none reaches a handler', async () => {
    const { socket } = await open();
    expect((await setLevel(socket, 'locked')).level).toBe('locked');
    const audited = await auditCount();
    for (const [channel, request] of Object.entries({ ...OPERATE, ...EXPERT })) {
      const needed = channel in EXPERT ? 'expert' : 'operate';
      expect(await call(socket, channel, request), channel).toEqual({
        ok: false,
        error: { code: 'forbidden', message: `${channel} needs level ${needed}; this connection is locked (access:set to unlock)` },
      });
    }
    // Refused before any handler: nothing audited but the one access:set, the setpoint task never started.
    expect(await auditCount()).toBe(audited);
    const status = (await call(socket, 'op:status', { address: THERMO, op: 'set_setpoint' })) as { ok: true; value: OpReplyView };
    expect(status.value.session?.start_time ?? null).toBeNull();
    // Queries still answer while locked.
    expect((await call(socket, 'registry:snapshot')).ok).toBe(true);
  });

  it('operate: every expert channel is refused; unlocking expert lets them through', async () => {
    const { socket } = await open();
    const audited = await auditCount();
    for (const [channel, request] of Object.entries(EXPERT)) {
      expect(await call(socket, channel, request), channel).toEqual({
        ok: false,
        error: { code: 'forbidden', message: `${channel} needs level expert; this connection is operate (access:set to unlock)` },
      });
    }
    expect(await auditCount()).toBe(audited);
    expect(station.connection().status).toBe('connected');
    await unlockExpert(socket);
    expect(await call(socket, 'alarms:set-rule', { id: 'agent-expired', enabled: true })).toMatchObject({ ok: true });
    expect(await call(socket, 'connection:set', { kind: 'embedded' })).toMatchObject({ ok: true, value: { status: 'connected' } });
  });

  it('read-only: access:set above locked is refused with forbidden; locking is allowed', async () => {
    const { socket, levels } = await open(true);
    expect(await call(socket, 'access:get')).toEqual({ ok: true, value: { level: 'locked', startLevel: 'locked', maxLevel: 'locked', relockAt: null } });
    for (const level of ['operate', 'expert']) {
      expect(await call(socket, 'access:set', { level })).toEqual({
        ok: false,
        error: { code: 'forbidden', message: `access:set ${level} refused: this connection is read-only (opened with the read-only URL); open the control URL to act` },
      });
    }
    expect(await call(socket, 'access:set', { level: 'locked' })).toMatchObject({ ok: true, value: { level: 'locked' } });
    expect(await call(socket, 'op:start', OPERATE['op:start'])).toEqual({ ok: false, error: { code: 'forbidden', message: 'read-only viewer: op:start needs the control URL' } });
    expect(await call(socket, 'access:set', { level: 'root' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(levels.map(({ view }) => view.level)).toEqual(['locked']);
  });

  it('relocks to the start level after relock_seconds idle, pushing access:level; the expert channels are refused again', async () => {
    const { socket, levels } = await open();
    const before = Date.now();
    const unlocked = await unlockExpert(socket);
    expect(unlocked.level).toBe('expert');
    expect(unlocked.relockAt).toBeGreaterThanOrEqual(before + 2000);
    await waitFor(() => levels.find(({ view }) => view.level === 'expert'), 5_000, 'the expert push');
    const relocked = await waitFor(() => levels.find(({ view }) => view.level === 'operate'), 15_000, 'the relock push');
    expect(relocked.view).toEqual({ level: 'operate', startLevel: 'operate', maxLevel: 'expert', relockAt: null });
    expect(relocked.at - before).toBeGreaterThanOrEqual(2000);
    expect((await call(socket, 'access:get')).value).toMatchObject({ level: 'operate' });
    expect(await call(socket, 'logs:open', EXPERT['logs:open'])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('an action above the start level restarts the idle time (and pushes the new relockAt)', async () => {
    const { socket, levels } = await open();
    const first = await unlockExpert(socket);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await call(socket, 'alarms:set-rule', { id: 'agent-expired', enabled: true })).toMatchObject({ ok: true });
    const restarted = await waitFor(() => levels.find(({ view }) => view.level === 'expert' && view.relockAt! > first.relockAt!), 5_000, 'a push with a later relockAt');
    const relocked = await waitFor(() => levels.find(({ view }) => view.level === 'operate'), 15_000, 'the relock push');
    expect(relocked.at).toBeGreaterThanOrEqual(restarted.view.relockAt! - 50);
  });

  it('keeps sockets independent: unlocking one does not unlock another, nor push to it', async () => {
    const a = await open();
    const b = await open();
    await unlockExpert(a.socket);
    expect(await call(b.socket, 'testbed:config:save', EXPERT['testbed:config:save'])).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'testbed:config:save needs level expert; this connection is operate (access:set to unlock)' },
    });
    expect((await call(b.socket, 'access:get')).value).toMatchObject({ level: 'operate', relockAt: null });
    await setLevel(b.socket, 'locked');
    expect((await call(a.socket, 'access:get')).value).toMatchObject({ level: 'expert' });
    await waitFor(() => a.levels.length > 0 && b.levels.length > 0, 5_000, 'each socket\'s own push');
    expect(a.levels.every(({ view }) => view.level !== 'locked')).toBe(true);
    expect(b.levels.every(({ view }) => view.level !== 'expert')).toBe(true);
  });

  it('records each access:set in the audit log with its connection', async () => {
    const { socket } = await open();
    await unlockExpert(socket);
    const entries = ((await station.table.invoke('audit:list', { action: 'access:set' })) as { ok: true; value: { entries: AuditEntry[] } }).value.entries;
    expect(entries[0]).toMatchObject({ action: 'access:set', client: 'bridge 127.0.0.1', ok: true, params: { level: 'expert' }, target: "this connection's lock level → expert" });
  });

  it('an op whose get_api min_privs is 2 needs expert; a basic op of the same agent needs operate', async () => {
    const { socket } = await open();
    expect(await call(socket, 'op:start', { address: PRIVILEGED, op: 'escalated' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'op:start needs level expert; this connection is operate (access:set to unlock)' },
    });
    expect(await call(socket, 'op:abort', { address: PRIVILEGED, op: 'escalated' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(socket, 'op:start', { address: PRIVILEGED, op: 'basic' })).toMatchObject({ ok: true, value: { status: 0 } });
    // An op the agent does not list is left to the agent to refuse.
    expect(await call(socket, 'op:start', { address: PRIVILEGED, op: 'nonesuch' })).toMatchObject({ ok: true, value: { status: -1 } });
    await unlockExpert(socket);
    // Past the station's lock: the agent answers (whatever its own credential check says).
    expect(await call(socket, 'op:start', { address: PRIVILEGED, op: 'escalated' })).toMatchObject({ ok: true });
  });
});
