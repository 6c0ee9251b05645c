/**
 * The audit log on a real station: createStation (headless, embedded router and demo site, temp data
 * dir, no supervisord) behind the real headless server, driven over the WebSocket bridge and in-process.
 * Real actions are recorded exactly once with who, what, params and outcome; queries are not; the rows
 * survive a station restart.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { AuditEntry } from '../../../shared/audit.js';
import type { Envelope, OpReplyView } from '../../../shared/ipc.js';
import { stationUser } from '../../../main/station/audit-recorder.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { startHeadlessServer, type HeadlessServer } from '../../../main/serve/server.js';
import { waitFor } from '../../helpers/net.js';
import { bridgeCall, openSocket } from '../serve/http-get.js';

const THERMO = 'observatory.demo-thermo';
type AuditPage = { entries: AuditEntry[]; total: number };

let dataDir: string;
let station: Station;
let server: HeadlessServer;
let socket: WebSocket;
let nextId = 1;
const pushed: AuditEntry[] = [];

const startStation = () => createStation({ mode: 'headless', wampPort: 0, smurf: false, dataDir, supervisordPath: join(dataDir, 'no-supervisord') });
const overBridge = (channel: string, request?: unknown) => bridgeCall(socket, nextId++, channel, request) as Promise<Envelope<unknown>>;
async function list(request: unknown = {}): Promise<AuditPage> {
  const envelope = await station.table.invoke('audit:list', request);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as AuditPage;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-audit-'));
  station = await startStation();
  server = await startHeadlessServer({ host: '127.0.0.1', port: 0, table: station.table, rendererDir: dataDir });
  socket = await openSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { kind: string; channel?: string; payload?: AuditEntry[] };
    if (message.kind === 'push' && message.channel === 'audit:entries') pushed.push(...message.payload!);
  });
  await waitFor(async () => (await station.table.invoke('op:status', { address: THERMO, op: 'acq' })).ok, 10_000, 'the demo thermometer');
}, 30_000);
afterAll(async () => {
  socket?.close();
  await server?.close();
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('audit log on a real station', () => {
  let recorded: AuditEntry[];

  it('records user actions exactly, from the bridge and in-process, and leaves queries and refused payloads out', async () => {
    const client = 'bridge 127.0.0.1';
    const started = await overBridge('op:start', { address: THERMO, op: 'set_setpoint', params: { setpoint: 5, ramp_rate: 0.5 } });
    expect(started.ok).toBe(true);
    const startReply = (started as { value: OpReplyView }).value;
    expect((await overBridge('connection:get')).ok).toBe(true);
    expect((await overBridge('op:status', { address: THERMO, op: 'acq' })).ok).toBe(true);
    const refusedByAgent = (await overBridge('op:start', { address: THERMO, op: 'calibrate', params: { duration: -1, password: 'hunter2' } })) as { ok: true; value: OpReplyView };
    expect(refusedByAgent.value.status).toBe(-1);
    expect((await station.table.invoke('op:start', { address: THERMO, op: 'bad op name!' })).ok).toBe(false);
    const refusedRun = await station.table.invoke('testbed:run', undefined);
    expect(refusedRun.ok).toBe(false);
    const runError = (refusedRun as { error: { code: string; message: string } }).error;
    expect(runError.message).toContain('supervisord is not installed');

    const page = await list();
    recorded = page.entries;
    const user = stationUser();
    const timing = { id: expect.any(Number), time: expect.any(Number), durationMs: expect.any(Number) };
    expect(page.total).toBe(3);
    expect(recorded).toEqual([
      {
        ...timing,
        user,
        client: 'station',
        action: 'testbed:run',
        target: 'testbed workflow (default config)',
        params: { params: {} },
        ok: false,
        errorCode: runError.code,
        message: runError.message,
        result: null,
      },
      {
        ...timing,
        user,
        client,
        action: 'op:start',
        target: `${THERMO} calibrate`,
        // The password never reaches the log.
        params: { address: THERMO, op: 'calibrate', params: { duration: -1 } },
        ok: false,
        errorCode: 'ocs_error',
        message: refusedByAgent.value.message,
        result: { status: -1, session: null },
      },
      {
        ...timing,
        user,
        client,
        action: 'op:start',
        target: `${THERMO} set_setpoint`,
        params: { address: THERMO, op: 'set_setpoint', params: { setpoint: 5, ramp_rate: 0.5 } },
        ok: true,
        errorCode: null,
        message: startReply.message,
        result: {
          status: 0,
          session: { op_name: 'set_setpoint', session_id: startReply.session!.session_id, op_code: startReply.session!.op_code, status: startReply.session!.status, success: startReply.session!.success },
        },
      },
    ]);
    expect(recorded[0].id).toBeGreaterThan(recorded[1].id);
    for (const entry of recorded) expect(Math.abs(entry.time - Date.now())).toBeLessThan(30_000);
    // The committed rows are in the WAL until a checkpoint: look at both files.
    for (const file of ['station.sqlite', 'station.sqlite-wal']) {
      if (existsSync(join(dataDir, file))) expect(readFileSync(join(dataDir, file)).includes('hunter2')).toBe(false);
    }
  }, 20_000);

  it('pushes each new entry once on audit:entries', async () => {
    await waitFor(() => pushed.length >= 3 || null, 5000, 'three audit pushes');
    expect([...pushed].reverse()).toEqual(recorded);
  });

  it('answers audit:list filters and paging', async () => {
    expect((await list({ result: 'error' })).entries.map((e) => e.action)).toEqual(['testbed:run', 'op:start']);
    expect((await list({ action: 'op:start', text: 'SETPOINT' })).entries).toEqual([recorded[2]]);
    expect(await list({ before: recorded[1].id })).toEqual({ entries: [recorded[2]], total: 3 });
    expect(await list({ since: recorded[2].time, until: recorded[2].time, action: 'op:start', result: 'ok' })).toEqual({ entries: [recorded[2]], total: 1 });
    expect((await station.table.invoke('audit:list', { limit: 1001 })).ok).toBe(false);
  });

  it('records an alarm acknowledgement just because alarms:ack is listed', async () => {
    const ack = await overBridge('alarms:ack', { id: 999_999 });
    const [entry] = (await list({ action: 'alarms:ack' })).entries;
    expect(entry).toMatchObject({ client: 'bridge 127.0.0.1', action: 'alarms:ack', target: 'alarm 999999', params: { id: 999_999 }, ok: ack.ok });
    if (!ack.ok) expect(entry).toMatchObject({ errorCode: ack.error.code, message: ack.error.message });
    recorded = (await list()).entries;
  });

  it('keeps the rows intact across a station restart', async () => {
    socket.close();
    await server.close();
    await station.close();
    station = await startStation();
    expect(await list()).toEqual({ entries: recorded, total: 4 });
  }, 30_000);
});
