/**
 * A controller process killed (SIGKILL) in the middle of a fan-out: its target fails at once with a
 * clear reason, the others finish, and the fan-out ends instead of hanging.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseCode } from '../../../shared/ocs-codes.js';
import { createMultiSmurfManager, type FanOutData, type ManagedSmurfInfo } from '../../../main/agents/multismurf-manager/index.js';
import { createLiteController, type LiteController } from '../../../main/bench/smurf-lite-controller.js';
import type { OcsAgent } from '../../../main/ocs/agent.js';
import { OcsClient } from '../../../main/ocs/client.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { startProcess, waitFor, type RunningProcess } from '../../helpers/net.js';

const CHILD = fileURLToPath(new URL('./controller-child.ts', import.meta.url));
let router: RouterHandle;
let wamp: OpenSession;
let manager: OcsAgent;
let client: OcsClient;
let local: LiteController;
let child: RunningProcess;

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  child = startProcess(process.execPath, ['--import', 'tsx', CHILD, 'lite', router.wsUrl, 'pysmurf-controller-c1s3', 'crate1slot3', '20000']);
  local = createLiteController({ instanceId: 'pysmurf-controller-c1s2', streamId: 'crate1slot2', logger: silentLogger, behaviour: { durationMs: 1500 } });
  local.agent.connect({ url: router.wsUrl, realm: router.realm });
  manager = createMultiSmurfManager({ logger: silentLogger, pollIntervalMs: 300 });
  manager.connect({ url: router.wsUrl, realm: router.realm });
  await Promise.all([manager.whenReady(), local.agent.whenReady(), child.waitForLine(/^ready$/, 20_000)]);
  wamp = await openSession(router.wsUrl);
  client = await OcsClient.overWamp(wamp.session, 'observatory.multismurf');
  await waitFor(
    async () => {
      const data = (await client.process('monitor').status()).session!.data as { smurfs: Record<string, ManagedSmurfInfo> };
      return Object.values(data.smurfs).filter((s) => s.stream_id_source === 'check_state').length === 2;
    },
    10_000,
    'both controllers known',
  );
}, 40_000);

afterAll(async () => {
  if (child && child.child.exitCode === null && child.child.signalCode === null) await child.stop('SIGKILL');
  await wamp?.close();
  await manager?.shutdown(500);
  await local?.agent.shutdown(200);
  await router?.close();
});

describe('MultiSmurfManager when a controller dies mid fan-out', () => {
  it('fails that target with a clear reason and ends without waiting for its 20 s op', async () => {
    expect((await client.request('start', 'take_noise', { params: {} })).status).toBe(ResponseCode.OK);
    await waitFor(async () => {
      const data = (await client.request('status', 'take_noise')).session?.data as FanOutData | undefined;
      return data?.sessions.crate1slot3?.status === 'running';
    }, 5000, 'the child controller running take_noise');
    const killedAt = Date.now();
    await child.stop('SIGKILL');
    const done = await client.request('wait', 'take_noise', { timeout: 15 });
    expect(done.status).toBe(ResponseCode.OK);
    // The local controller's op takes 1.5 s; the fan-out ends right after it, not after the dead one's 20 s.
    expect(Date.now() - killedAt).toBeLessThan(3000);
    const data = done.session!.data as unknown as FanOutData;
    expect(done.session!.success).toBe(false);
    expect(data.succeeded).toEqual(['crate1slot2']);
    expect(Object.keys(data.failed)).toEqual(['crate1slot3']);
    expect(data.failed.crate1slot3).toMatch(/^lost: controller (disconnected during the call|is not on the bus)/);
    expect(done.session!.messages.at(-2)![1]).toMatch(/^take_noise failed: 1 of 2 target\(s\) succeeded; failed: crate1slot3 \(lost: /);
  });
});
