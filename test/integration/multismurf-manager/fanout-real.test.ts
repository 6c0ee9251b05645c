/**
 * MultiSmurfManager over four real PysmurfControllers running the simulated site's scripts
 * (resources/smurf): a fan-out where one slot's script fails, a fan-out `run` aborted through the
 * manager, the manager's own `abort` op, and a controller process killed mid fan-out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../../shared/ocs-codes.js';
import { createMultiSmurfManager, type FanOutData, type ManagedSmurfInfo } from '../../../main/agents/multismurf-manager/index.js';
import { createPysmurfController, DEFAULT_SMURF_SITE_FILE, loadSmurfSite } from '../../../main/agents/pysmurf-controller/index.js';
import type { OcsAgent } from '../../../main/ocs/agent.js';
import { OcsClient } from '../../../main/ocs/client.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { startProcess, waitFor, type RunningProcess } from '../../helpers/net.js';
import { pidExists } from '../../../main/os/pid.js';

const CHILD = fileURLToPath(new URL('./controller-child.ts', import.meta.url));
const SLOTS = [2, 3, 4];
let router: RouterHandle;
let wamp: OpenSession;
let manager: OcsAgent;
let client: OcsClient;
let dataDir: string;
let child: RunningProcess;
const controllers: OcsAgent[] = [];
/** Script pids seen in controller sessions: anything still alive at the end is ended by pid. */
const scriptPids = new Set<number>();

function collectPids(data: FanOutData): void {
  for (const session of Object.values(data.sessions)) {
    for (const [, text] of session.messages) {
      const match = /\(pid (\d+)\)$/.exec(text);
      if (match) scriptPids.add(Number(match[1]));
    }
  }
}

async function finalOf(op: string, timeoutS = 30) {
  const done = await client.request('wait', op, { timeout: timeoutS });
  expect(done.session!.status).toBe('done');
  const data = done.session!.data as unknown as FanOutData;
  collectPids(data);
  return { session: done.session!, data, message: done.session!.messages.at(-2)![1] };
}

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'multismurf-real-'));
  const site = loadSmurfSite(DEFAULT_SMURF_SITE_FILE, { dataDir });
  for (const slot of SLOTS) {
    const agent = createPysmurfController({ instanceId: `pysmurf-controller-c1s${slot}`, streamId: `crate1slot${slot}`, crate: 1, slot, site, udp: { host: '127.0.0.1', port: 9 }, logger: silentLogger });
    agent.connect({ url: router.wsUrl, realm: router.realm });
    controllers.push(agent);
  }
  child = startProcess(process.execPath, ['--import', 'tsx', CHILD, 'real', router.wsUrl, 'pysmurf-controller-c1s5', 'crate1slot5', '5', dataDir]);
  manager = createMultiSmurfManager({ logger: silentLogger, pollIntervalMs: 250, stopGraceMs: 8000 });
  manager.connect({ url: router.wsUrl, realm: router.realm });
  await Promise.all([manager.whenReady(), ...controllers.map((c) => c.whenReady()), child.waitForLine(/^ready$/, 20_000)]);
  wamp = await openSession(router.wsUrl);
  client = await OcsClient.overWamp(wamp.session, 'observatory.multismurf');
  await waitFor(
    async () => {
      const data = (await client.process('monitor').status()).session!.data as { smurfs: Record<string, ManagedSmurfInfo> };
      return Object.values(data.smurfs).filter((s) => s.stream_id_source === 'check_state').length === 4;
    },
    15_000,
    'four controllers with stream ids from check_state',
  );
}, 45_000);

afterAll(async () => {
  if (child && child.child.exitCode === null && child.child.signalCode === null) await child.stop('SIGKILL');
  await wamp?.close();
  await manager?.shutdown(500);
  await Promise.all(controllers.map((c) => c.shutdown(6000)));
  await router?.close();
  // A script of the killed controller outlives it (scripts run in their own process group); end it by its pid.
  for (const pid of scriptPids) if (pidExists(pid)) process.kill(-pid, 'SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('MultiSmurfManager with real PysmurfControllers and the simulated scripts', () => {
  it('a fan-out over 4 controllers where one script fails returns success=false naming that stream id', async () => {
    const params = { kwargs: { sim_duration: 0.6, sim_fail: ['crate1slot4'] } };
    expect((await client.request('start', 'take_noise', { params })).status).toBe(ResponseCode.OK);
    const { session, data, message } = await finalOf('take_noise');
    expect(session.success).toBe(false);
    expect(data.stream_ids.sort()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot4', 'crate1slot5']);
    expect(Object.keys(data.failed)).toEqual(['crate1slot4']);
    expect(data.failed.crate1slot4).toMatch(/exit code [1-9]/);
    expect(data.succeeded.sort()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot5']);
    expect(data.sessions.crate1slot2).toMatchObject({ op_name: 'take_noise', status: 'done', success: true });
    expect(message).toMatch(/^take_noise failed: 3 of 4 target\(s\) succeeded; failed: crate1slot4 \(/);
  });

  it('aborting a fan-out run ends the scripts on every target', async () => {
    const params = { script: 'hello_smurf.py', args: ['--duration', '30'], stream_ids: ['crate1slot2', 'crate1slot3'] };
    expect((await client.request('start', 'run', { params })).status, 'start').toBe(ResponseCode.OK);
    await waitFor(async () => {
      const data = (await client.request('status', 'run')).session?.data as FanOutData | undefined;
      return data && ['crate1slot2', 'crate1slot3'].every((id) => data.sessions[id]?.messages.some(([, text]) => /^line 1 /.test(text)));
    }, 10_000, 'both scripts printing');
    const t0 = Date.now();
    await client.request('abort', 'run');
    const { session, data, message } = await finalOf('run', 15);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(session.success).toBe(false);
    expect(message).toMatch(/^run aborted: 0 of 2 target\(s\) succeeded/);
    for (const id of ['crate1slot2', 'crate1slot3']) expect(data.sessions[id]).toMatchObject({ status: 'done', success: false });
    for (const pid of scriptPids) expect(pidExists(pid), `script pid ${pid}`).toBe(false);
  });

  it("the manager's abort op fans out the controllers' abort and ends a running fan-out", async () => {
    const params = { script: 'hello_smurf.py', args: ['--duration', '30'], stream_ids: ['crate1slot2', 'crate1slot3', 'crate1slot4'] };
    expect((await client.request('start', 'run', { params })).status).toBe(ResponseCode.OK);
    await waitFor(async () => {
      const data = (await client.request('status', 'run')).session?.data as FanOutData | undefined;
      return data && Object.values(data.sessions).filter((s) => s.status === 'running').length === 3;
    }, 10_000, 'three scripts running');
    expect((await client.request('start', 'abort', { params: { stream_ids: ['crate1slot2', 'crate1slot3', 'crate1slot4'] } })).status).toBe(ResponseCode.OK);
    const abort = await finalOf('abort', 15);
    expect(abort.session.success).toBe(true);
    expect(abort.data.sessions.crate1slot3.messages.at(-2)![1]).toBe('Aborting process');
    const run = await finalOf('run', 15);
    expect(run.session.success).toBe(false);
    expect(Object.keys(run.data.failed).sort()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot4']);
  });

  it('a controller killed mid fan-out yields a clear per-target failure, not a hang', async () => {
    const params = { kwargs: { sim_duration: 2.5 } };
    expect((await client.request('start', 'take_iv', { params })).status).toBe(ResponseCode.OK);
    await waitFor(async () => {
      const data = (await client.request('status', 'take_iv')).session?.data as FanOutData | undefined;
      return data?.sessions.crate1slot5?.status === 'running';
    }, 10_000, 'the child controller running take_iv');
    await child.stop('SIGKILL');
    const { session, data } = await finalOf('take_iv', 20);
    expect(session.success).toBe(false);
    expect(Object.keys(data.failed)).toEqual(['crate1slot5']);
    expect(data.failed.crate1slot5).toMatch(/^lost: controller (disconnected during the call|is not on the bus)/);
    expect(data.succeeded.sort()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot4']);
  });
});
