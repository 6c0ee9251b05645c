/**
 * createStation in headless mode over real sockets: the embedded router, the TS Registry, the demo
 * site and the station's own session, driven through the handler table for every channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRow, AppInfo, ConnectionState, Envelope, OpReplyView, PushChannel } from '../../../shared/ipc.js';
import type { AgentApi } from '../../../shared/ocs-codes.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';

const THERMO = 'observatory.demo-thermo';
const HWP = 'observatory.demo-hwp';
const SHUTTER = 'observatory.demo-shutter';

let station: Station;
const pushes: Array<{ channel: PushChannel; payload: unknown }> = [];

/** invoke() that expects success and returns the value. */
async function value<T>(channel: string, request?: unknown): Promise<T> {
  const envelope = await station.table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

async function failure(channel: string, request?: unknown): Promise<{ code: string; message: string }> {
  const envelope: Envelope<unknown> = await station.table.invoke(channel, request);
  if (envelope.ok) throw new Error(`${channel} unexpectedly succeeded: ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

const status = (address: string, op: string) => value<OpReplyView>('op:status', { address, op });

beforeAll(async () => {
  // Without the simulated smurf crate: this file checks the demo site's exact agent set.
  station = await createStation({ mode: 'headless', wampPort: 0, smurf: false });
  station.table.onPush((channel, payload) => pushes.push({ channel, payload }));
});
afterAll(async () => {
  await station?.close();
});

describe('station (embedded router + demo site)', () => {
  it('runs the embedded router and reports the connection', async () => {
    expect(station.router).not.toBeNull();
    const state = await value<ConnectionState>('connection:get');
    expect(state).toEqual({ target: { kind: 'embedded' }, url: station.router!.wsUrl, realm: 'test_realm', addressRoot: 'observatory', status: 'connected', detail: null });
    expect(station.connection()).toEqual(state);
  });

  it('answers app:info with the version, mode and main clock', async () => {
    const info = await value<AppInfo>('app:info');
    expect(info.mode).toBe('headless');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Math.abs(info.serverTime - Date.now() / 1000)).toBeLessThan(2);
  });

  it('lists the Registry and the demo agents in the snapshot and pushes their rows', async () => {
    const rows = await waitFor(async () => {
      const snapshot = await value<AgentRow[]>('registry:snapshot');
      return snapshot.length >= 4 ? snapshot : null;
    }, 5000, 'four agents in the snapshot');
    const byAddress = Object.fromEntries(rows.map((row) => [row.address, row]));
    expect(Object.keys(byAddress).sort()).toEqual(['observatory.demo-hwp', 'observatory.demo-shutter', 'observatory.demo-thermo', 'observatory.registry']);
    expect(byAddress[THERMO]).toMatchObject({ agentClass: 'DemoThermometry', expired: false, opCodes: { acq: 3, calibrate: 1, set_setpoint: 1 } });
    expect(byAddress[HWP]).toMatchObject({ agentClass: 'DemoHWPRotation', opCodes: { monitor: 3, spin_up: 1, brake: 1, fail_on_purpose: 1 } });
    expect(byAddress[SHUTTER]).toMatchObject({ agentClass: 'DemoShutter', opCodes: { open: 1, close: 1, watch: 1 } });
    expect(byAddress['observatory.registry']).toMatchObject({ agentClass: 'RegistryAgent', opCodes: { main: 3 } });
    const pushedAddresses = () => [...new Set(pushes.filter((p) => p.channel === 'registry:rows').flatMap((p) => (p.payload as AgentRow[]).map((row) => row.address)))].sort();
    // Rows are pushed in short batches, so the pushes may trail the snapshot by a few ms.
    await waitFor(() => pushedAddresses().length === 4, 1000, 'a push of every row');
    expect(pushedAddresses()).toEqual(Object.keys(byAddress).sort());
  });

  it('returns get_api of demo-thermo with its ops, signatures and feed', async () => {
    const api = await value<AgentApi>('agent:api', { address: THERMO });
    expect(api.agent_class).toBe('DemoThermometry');
    expect(api.processes.map(([name]) => name)).toEqual(['acq']);
    expect(api.tasks.map(([name]) => name)).toEqual(['calibrate', 'set_setpoint']);
    const docs = Object.fromEntries(api.tasks.map(([name, , info]) => [name, info.docstring?.split('\n')[0]]));
    expect(docs).toEqual({ calibrate: 'calibrate(duration=10.0)', set_setpoint: 'set_setpoint(setpoint=4.0, ramp_rate=0.1)' });
    expect(api.tasks.find(([name]) => name === 'calibrate')![2].abortable).toBe(true);
    expect(api.feeds.map(([name]) => name)).toContain('temperatures');
    // acq runs from startup and keeps the latest values in session.data.
    const acq = api.processes[0][1] as { status: string; data: Record<string, unknown> };
    expect(acq.status).toBe('running');
    expect(Object.keys(acq.data)).toEqual(expect.arrayContaining(['ch1', 'ch2', 'ch3', 'ch4']));
  });

  it('starts calibrate, reports it running, aborts it promptly', async () => {
    const started = await value<OpReplyView>('op:start', { address: THERMO, op: 'calibrate', params: { duration: 30 } });
    expect(started).toMatchObject({ status: 0, message: 'Started task "calibrate".' });
    const running = await waitFor(async () => {
      const reply = await status(THERMO, 'calibrate');
      return reply.session?.status === 'running' && (reply.session.data.progress as number) > 0 ? reply : null;
    }, 3000, 'calibrate to report progress');
    expect(running.session!.op_code).toBe(3);
    const abortedAt = Date.now();
    const abort = await value<OpReplyView>('op:abort', { address: THERMO, op: 'calibrate' });
    expect(abort.status).toBe(0);
    const done = await value<OpReplyView>('op:wait', { address: THERMO, op: 'calibrate', timeout: 5 });
    expect(Date.now() - abortedAt).toBeLessThan(1500);
    expect(done.session).toMatchObject({ status: 'done', success: false, op_code: 6 });
    expect(done.session!.messages.at(-2)?.[1]).toMatch(/^Aborted calibration after/);
  });

  it('returns an OCS error reply as data: set_setpoint with a wrong type', async () => {
    const reply = await value<OpReplyView>('op:start', { address: THERMO, op: 'set_setpoint', params: { setpoint: 'warm' } });
    expect(reply).toEqual({ status: -1, message: "Param 'setpoint'=warm is not of required type (<class 'float'>)", session: null });
    const ok = await value<OpReplyView>('op:start', { address: THERMO, op: 'set_setpoint', params: { setpoint: 3.5, ramp_rate: 0.5 } });
    expect(ok.status).toBe(0);
    const done = await value<OpReplyView>('op:wait', { address: THERMO, op: 'set_setpoint', timeout: 5 });
    expect(done.session).toMatchObject({ success: true, data: { setpoint: 3.5, ramp_rate: 0.5 } });
  });

  it('returns an unknown op of a known agent as the agent answers it', async () => {
    const reply = await value<OpReplyView>('op:start', { address: THERMO, op: 'no_such_op' });
    expect(reply.status).toBe(-1);
    expect(reply.message).toContain('no_such_op');
  });

  it('runs the HWP demo: spin_up to the target, fail_on_purpose ends in ERROR with its message', async () => {
    await value('op:start', { address: HWP, op: 'spin_up', params: { target_hz: 1.0 } });
    const spun = await value<OpReplyView>('op:wait', { address: HWP, op: 'spin_up', timeout: 10 });
    expect(spun.session).toMatchObject({ success: true, data: { freq_hz: 1 } });
    await value('op:start', { address: HWP, op: 'fail_on_purpose' });
    const failed = await value<OpReplyView>('op:wait', { address: HWP, op: 'fail_on_purpose', timeout: 5 });
    expect(failed.session).toMatchObject({ status: 'done', success: false, op_code: 6 });
    expect(failed.session!.messages.map(([, text]) => text)).toContain('Encoder not responding: the demo HWP fails this task on purpose');
    // monitor samples twice a second.
    await waitFor(async () => (await status(HWP, 'monitor')).session?.data.freq_hz === 1, 2000, 'monitor to report 1 Hz');
  });

  it('runs the shutter demo: watch is idle until started, then stops on request', async () => {
    expect((await status(SHUTTER, 'watch')).session).toBeNull();
    await value('op:start', { address: SHUTTER, op: 'open' });
    await value('op:start', { address: SHUTTER, op: 'watch' });
    const opened = await value<OpReplyView>('op:wait', { address: SHUTTER, op: 'open', timeout: 5 });
    expect(opened.session).toMatchObject({ success: true, data: { position: 'open' } });
    const stop = await value<OpReplyView>('op:stop', { address: SHUTTER, op: 'watch' });
    expect(stop.status).toBe(0);
    const stopped = await value<OpReplyView>('op:wait', { address: SHUTTER, op: 'watch', timeout: 5 });
    expect(stopped.session).toMatchObject({ status: 'done', success: true });
  });

  it('names an agent that is not on the bus', async () => {
    for (const [channel, request] of [
      ['agent:api', { address: 'observatory.ghost' }],
      ['op:start', { address: 'observatory.ghost', op: 'x' }],
    ] as const) {
      const error = await failure(channel, request);
      expect(error.code).toBe('agent_error');
      expect(error.message).toContain('observatory.ghost');
    }
  });

  it('refuses bad requests with bad_request naming the field', async () => {
    expect(await failure('op:start', { address: THERMO, op: 'calibrate', params: [1] })).toMatchObject({ code: 'bad_request', message: expect.stringContaining("field 'params'") });
    expect(await failure('op:abort', { address: '../etc', op: 'calibrate' })).toMatchObject({ code: 'bad_request', message: expect.stringContaining("field 'address'") });
    expect(await failure('op:wait', { address: THERMO, op: 'calibrate', timeout: 1e9 })).toMatchObject({ code: 'bad_request', message: expect.stringContaining("field 'timeout'") });
    expect(await failure('no:such', {})).toMatchObject({ code: 'unknown_channel' });
  });

  it('refuses a site file that cannot be read, keeping the current connection', async () => {
    const error = await failure('connection:set', { kind: 'site', siteFile: '/nonexistent/site.yaml' });
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('/nonexistent/site.yaml');
    expect((await value<ConnectionState>('connection:get')).status).toBe('connected');
  });
});
