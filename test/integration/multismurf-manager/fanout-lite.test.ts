/**
 * MultiSmurfManager on the real router against four lite PysmurfControllers (real OcsAgents of
 * class PysmurfController whose ops just take a set time): discovery, fan-out, target selection,
 * serial/parallel, min_successes, per-target timeout, abort fan-out, stream stop fan-out, expiry.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../../shared/ocs-codes.js';
import { createMultiSmurfManager, type FanOutData, type ManagedSmurfInfo } from '../../../main/agents/multismurf-manager/index.js';
import { createLiteController, type LiteController } from '../../../main/bench/smurf-lite-controller.js';
import type { OcsAgent } from '../../../main/ocs/agent.js';
import { OcsClient } from '../../../main/ocs/client.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { waitFor } from '../../helpers/net.js';
import { runPythonCaller } from '../../helpers/python.js';

const SLOTS = [2, 3, 4, 5];
const IDS = SLOTS.map((s) => `crate1slot${s}`);
let router: RouterHandle;
let wamp: OpenSession;
let manager: OcsAgent;
let client: OcsClient;
const controllers: LiteController[] = [];

function startController(slot: number): LiteController {
  const lite = createLiteController({ instanceId: `pysmurf-controller-c1s${slot}`, streamId: `crate1slot${slot}`, crate: 1, slot, logger: silentLogger, behaviour: { durationMs: 300 } });
  lite.agent.connect({ url: router.wsUrl, realm: router.realm });
  return lite;
}

async function smurfs(): Promise<Record<string, ManagedSmurfInfo>> {
  const reply = await client.process('monitor').status();
  return (reply.session!.data as { smurfs: Record<string, ManagedSmurfInfo> }).smurfs;
}

/** Starts a manager op, waits for it and returns the final session (data typed as the fan-out's). */
async function fanOut(op: string, params: Record<string, unknown> = {}) {
  const started = await client.request('start', op, { params });
  expect(started.status, started.message).toBe(ResponseCode.OK);
  const done = await client.request('wait', op, { timeout: 30 });
  expect(done.session!.status).toBe('done');
  return { session: done.session!, data: done.session!.data as unknown as FanOutData, message: done.session!.messages.at(-2)![1] };
}

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  for (const slot of SLOTS) controllers.push(startController(slot));
  manager = createMultiSmurfManager({ logger: silentLogger, expireS: 2, pollIntervalMs: 200, stopGraceMs: 3000 });
  manager.connect({ url: router.wsUrl, realm: router.realm });
  await Promise.all([manager.whenReady(), ...controllers.map((c) => c.agent.whenReady())]);
  wamp = await openSession(router.wsUrl);
  client = await OcsClient.overWamp(wamp.session, 'observatory.multismurf');
  await waitFor(async () => Object.values(await smurfs()).filter((s) => s.stream_id_source === 'check_state').length === 4, 10_000, 'four controllers with stream ids');
});

afterAll(async () => {
  await wamp?.close();
  await manager?.shutdown(500);
  await Promise.all(controllers.map((c) => c.agent.shutdown(200)));
  await router?.close();
});

beforeEach(() => {
  for (const c of controllers) {
    c.behaviour.durationMs = 300;
    c.behaviour.failOps.clear();
  }
});

describe('MultiSmurfManager with lite controllers', () => {
  it('lists every controller in monitor with stream id, crate and slot from check_state', async () => {
    const table = await smurfs();
    expect(Object.keys(table).sort()).toEqual(SLOTS.map((s) => `observatory.pysmurf-controller-c1s${s}`));
    const c1s3 = table['observatory.pysmurf-controller-c1s3'];
    expect(c1s3).toMatchObject({ stream_id: 'crate1slot3', instance_id: 'pysmurf-controller-c1s3', crate: 1, slot: 3, expired: false });
    expect(c1s3.sessions.check_state.data.stream_id).toBe('crate1slot3');
    expect(client.agentClass).toBe('MultiSmurfManager');
    const ops = [...Object.keys(client.tasks), ...Object.keys(client.processes)];
    expect(ops).toContain('take_noise');
    expect(ops).toContain('stream');
    expect(ops).not.toContain('check_state');
    expect(client.tasks.take_noise.docstring).toMatch(/^take_noise\(duration=30\.0, kwargs=None, tag=None, run_in_main_process=False, stream_ids=None/);
  });

  it('fans out to every live controller, forwards only the given controller params, and succeeds when all succeed', async () => {
    const { session, data, message } = await fanOut('take_noise', { duration: 12.5, tag: 'x', timeout: 10, mode: 'parallel' });
    expect(session.success).toBe(true);
    expect(data.op_name).toBe('take_noise');
    expect(data.stream_ids.sort()).toEqual(IDS);
    expect(data.succeeded.sort()).toEqual(IDS);
    expect(data.failed).toEqual({});
    expect(Object.keys(data.sessions).sort()).toEqual(IDS);
    expect(data.sessions.crate1slot4).toMatchObject({ op_name: 'take_noise', status: 'done', success: true });
    expect(data.addresses.crate1slot2).toBe('observatory.pysmurf-controller-c1s2');
    expect(message).toMatch(/take_noise succeeded on/);
    for (const c of controllers) expect(c.lastParams.get('take_noise')).toEqual({ duration: 12.5, tag: 'x' });
  });

  it('fails naming the failing stream id when one target fails', async () => {
    controllers[2].behaviour.failOps.add('take_iv');
    const { session, data, message } = await fanOut('take_iv');
    expect(session.success).toBe(false);
    expect(Object.keys(data.failed)).toEqual(['crate1slot4']);
    expect(data.failed.crate1slot4).toBe('take_iv failed on purpose');
    expect(data.succeeded.sort()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot5']);
    expect(message).toMatch(/take_iv failed: 3 of 4 target\(s\) succeeded; failed: crate1slot4 \(take_iv failed on purpose\)/);
  });

  it('succeeds with a failure when min_successes is met, and refuses min_successes above the target count', async () => {
    controllers[0].behaviour.failOps.add('take_bgmap');
    const { session, data } = await fanOut('take_bgmap', { min_successes: 3 });
    expect(session.success).toBe(true);
    expect(Object.keys(data.failed)).toEqual(['crate1slot2']);
    const refused = await client.request('start', 'take_bgmap', { params: { min_successes: 5 } });
    expect(refused.status).toBe(ResponseCode.ERROR);
    expect(refused.message).toMatch(/min_successes=5 exceeds the 4 target/);
  });

  it('runs only on the given stream_ids and refuses unknown ones in the start reply', async () => {
    const { session, data } = await fanOut('bias_dets', { stream_ids: ['crate1slot3', 'crate1slot5'] });
    expect(session.success).toBe(true);
    expect(Object.keys(data.sessions).sort()).toEqual(['crate1slot3', 'crate1slot5']);
    const refused = await client.request('start', 'bias_dets', { params: { stream_ids: ['crate1slot3', 'crate9slot9'] } });
    expect(refused.status).toBe(ResponseCode.ERROR);
    expect(refused.message).toBe('Could not find managed smurf with stream_id: crate9slot9 (known: crate1slot2, crate1slot3, crate1slot4, crate1slot5)');
    const badType = await client.request('start', 'bias_dets', { params: { stream_ids: 'crate1slot3' } });
    expect(badType.status).toBe(ResponseCode.ERROR);
    expect(badType.message).toMatch(/stream_ids/);
  });

  it('is driven by a Python OCS client (OCSClient over the HTTP bridge) like any OCS agent', async () => {
    const results = await runPythonCaller({
      transport: 'http',
      url: router.callUrl,
      agent: 'observatory.multismurf',
      steps: ['start:take_noise:{"stream_ids": ["crate1slot2", "crate1slot5"], "duration": 1}', 'wait:take_noise:20', 'start:take_noise:{"stream_ids": ["nope"]}'],
    });
    const [, waited, refused] = results;
    const [code, , session] = waited.reply! as unknown as [number, string, { data: FanOutData; success: boolean }];
    expect(code).toBe(ResponseCode.OK);
    const data = session.data;
    expect(session.success).toBe(true);
    expect(Object.keys(data.sessions).sort()).toEqual(['crate1slot2', 'crate1slot5']);
    expect(controllers[3].lastParams.get('take_noise')).toEqual({ duration: 1 });
    expect(refused.reply![0]).toBe(ResponseCode.ERROR);
    expect(refused.reply![1]).toMatch(/^Could not find managed smurf with stream_id: nope/);
  });

  it('serial mode runs the targets one after another; parallel at once', async () => {
    const t0 = Date.now();
    await fanOut('uxm_relock', { mode: 'serial' });
    const serialMs = Date.now() - t0;
    const t1 = Date.now();
    await fanOut('uxm_relock', { mode: 'parallel' });
    const parallelMs = Date.now() - t1;
    expect(serialMs).toBeGreaterThanOrEqual(4 * 300);
    expect(parallelMs).toBeLessThan(2 * 300 + 400);
  });

  it('fails a target that overruns its timeout and aborts its op', async () => {
    controllers[1].behaviour.durationMs = 5000;
    const t0 = Date.now();
    const { session, data } = await fanOut('take_bias_steps', { timeout: 0.8 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(session.success).toBe(false);
    expect(Object.keys(data.failed)).toEqual(['crate1slot3']);
    expect(data.failed.crate1slot3).toMatch(/^timed out after 0.8 s/);
    // The manager ended the controller's op through the controller's abort task.
    const status = await controllers[1].agent.ops.session('take_bias_steps');
    expect(status?.isDone).toBe(true);
  });

  it('aborting a fan-out task aborts the targets and reports', async () => {
    for (const c of controllers) c.behaviour.durationMs = 10_000;
    expect((await client.request('start', 'uxm_setup', { params: {} })).status).toBe(ResponseCode.OK);
    await waitFor(() => controllers.every((c) => c.agent.ops.session('uxm_setup')?.status === 'running'), 5000, 'targets running');
    const t0 = Date.now();
    await client.request('abort', 'uxm_setup');
    const done = await client.request('wait', 'uxm_setup', { timeout: 10 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(done.session!.success).toBe(false);
    expect(done.session!.messages.at(-2)![1]).toMatch(/^uxm_setup aborted: 0 of 4/);
    for (const c of controllers) expect(c.agent.ops.session('uxm_setup')?.success).toBe(false);
  });

  it('stream fans out as a process; stopping it stops every target', async () => {
    for (const c of controllers) c.behaviour.durationMs = 60_000;
    expect((await client.request('start', 'stream', { params: { stream_ids: ['crate1slot2', 'crate1slot3'] } })).status).toBe(ResponseCode.OK);
    await waitFor(() => controllers[0].agent.ops.session('stream')?.status === 'running' && controllers[1].agent.ops.session('stream')?.status === 'running', 5000, 'streams running');
    await client.request('stop', 'stream');
    const done = await client.request('wait', 'stream', { timeout: 10 });
    expect(done.session!.status).toBe('done');
    expect(controllers[0].agent.ops.session('stream')?.isDone).toBe(true);
    expect(controllers[1].agent.ops.session('stream')?.isDone).toBe(true);
    expect(controllers[2].agent.ops.session('stream')).toBeNull();
  });

  it('reports an expired target without waiting on it, and drops it from the default targets', async () => {
    const gone = controllers[3];
    gone.agent.heartbeatEnabled = false;
    try {
      await waitFor(async () => (await smurfs())['observatory.pysmurf-controller-c1s5'].expired, 6000, 'c1s5 expired');
      const { session, data } = await fanOut('all_off', { stream_ids: ['crate1slot2', 'crate1slot5'] });
      expect(session.success).toBe(false);
      expect(data.expired).toEqual(['crate1slot5']);
      expect(data.failed.crate1slot5).toMatch(/^expired: no heartbeat for \d+ s; not commanded/);
      expect(gone.lastParams.has('all_off')).toBe(false);
      const all = await fanOut('zero_biases');
      expect(all.data.stream_ids.sort()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot4']);
      expect(all.session.success).toBe(true);
    } finally {
      gone.agent.heartbeatEnabled = true;
    }
    await waitFor(async () => !(await smurfs())['observatory.pysmurf-controller-c1s5'].expired, 5000, 'c1s5 back');
  });
});
