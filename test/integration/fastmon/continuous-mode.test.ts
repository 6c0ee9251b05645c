/**
 * The fastmon agent in continuous mode on the real embedded router with a real store and a real watch
 * directory: complete files sampled once, a slowly written file only once complete, a zero-size and an
 * unparsable file rejected once, and nothing re-sampled after a restart.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFastmonAgent, FASTMON_AGENT_TYPE, resolveFastmonSettings, type FastmonAgent } from '../../../main/fastmon/index.js';
import type { TestbedAgentRuntime } from '../../../main/testbed/agents/index.js';
import type { TestbedBusConfig } from '../../../main/testbed/bus/index.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { waitFor } from '../../helpers/net.js';
import { Harness } from '../testbed/agents/harness.js';

let router: RouterHandle;
let h: Harness;
const bus = (): TestbedBusConfig => ({ kind: 'wamp', url: router.wsUrl, realm: router.realm });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  router = await startRouter({ port: 0 });
});
afterAll(async () => {
  await router?.close();
});
afterEach(async () => {
  await h?.dispose();
});

async function startAgent(watchDir: string): Promise<{ runtime: TestbedAgentRuntime; agent: FastmonAgent }> {
  const runtime = h.runtime(FASTMON_AGENT_TYPE, 'torre1');
  const agent = createFastmonAgent(runtime, resolveFastmonSettings({ mode: 'continuous', watchDir: [watchDir], pollInterval: 0.2, selectionFraction: 1 }));
  await runtime.start();
  return { runtime, agent };
}

describe('fastmon agent, continuous mode', () => {
  it('samples each complete file once, the slow one only when complete; rejects zero-size and unparsable once; a restart re-samples nothing', async () => {
    h = new Harness(bus());
    await h.observe();
    const watch = join(h.dir, 'watch');
    mkdirSync(watch);
    const fast = join(watch, 'swf.100020.000001.stf');
    const slow = join(watch, 'swf.100020.000002.STF');
    const empty = join(watch, 'swf.100020.000003.stf');
    const garbage = join(watch, 'garbage.stf');
    writeFileSync(fast, Buffer.alloc(1_000_000, 1));
    writeFileSync(empty, '');
    writeFileSync(garbage, 'x');
    writeFileSync(join(watch, 'notes.txt'), 'not an STF');

    const first = await startAgent(watch);
    // The slow file: 10 chunks over ~1 s, polled every 0.2 s; no TF of it may appear while it grows.
    const slowRows = () => h.store.testbed.listTfFiles({ stfFilename: 'swf.100020.000002.STF' }).length;
    writeFileSync(slow, Buffer.alloc(100_000, 2));
    for (let chunk = 1; chunk < 10; chunk += 1) {
      await sleep(110);
      expect(slowRows()).toBe(0);
      appendFileSync(slow, Buffer.alloc(100_000, 2));
    }
    await waitFor(() => slowRows() === 7, 5_000, 'the slow file sampled');
    await waitFor(() => h.store.testbed.listTfFiles({ stfFilename: 'swf.100020.000001.stf' }).length === 7, 5_000, 'the fast file sampled');
    await waitFor(() => h.of('tf_file_registered').length === 14, 5_000, '14 tf_file_registered');
    for (const row of h.store.testbed.listTfFiles({ runNumber: 100020 })) {
      expect(row.sizeBytes).toBe(Math.round((1_000_000 * row.tfCount) / 1000));
      expect(row.metadata).toMatchObject({ original_path: row.stfFilename.endsWith('STF') ? slow : fast });
    }
    // A few more polls: nothing handled twice, each rejection once.
    for (let k = 0; k < 3; k += 1) await first.agent.poll();
    expect(first.agent.counters()).toEqual({ received: 4, sampled: 2, skipped: 0, tfRecorded: 14, rejected: { 'zero-size': 1, 'unparsable-name': 1 } });
    for (const path of [fast, slow, empty, garbage]) expect(h.store.testbed.wasFileSeen(path)).toBe(true);
    expect(h.store.testbed.wasFileSeen(join(watch, 'notes.txt'))).toBe(false);

    // Restart: the ledger in the store keeps every handled file handled.
    await first.runtime.shutdown();
    const second = await startAgent(watch);
    for (let k = 0; k < 3; k += 1) await second.agent.poll();
    expect(second.agent.counters()).toEqual({ received: 0, sampled: 0, skipped: 0, tfRecorded: 0, rejected: {} });
    expect(h.store.testbed.listTfFiles({ runNumber: 100020 })).toHaveLength(14);

    // … and a new file is still picked up, once.
    writeFileSync(join(watch, 'swf.100020.000004.stf'), Buffer.alloc(500_000, 3));
    await waitFor(() => second.agent.counters().tfRecorded === 7, 5_000, 'the new file sampled');
    await waitFor(() => h.of('tf_file_registered').length === 21, 5_000, '21 tf_file_registered');
    await sleep(300);
    expect(h.of('tf_file_registered')).toHaveLength(21);
    expect(h.store.testbed.listTfFiles({ runNumber: 100020 })).toHaveLength(21);
  });

  it('reports a missing watch directory once, then picks files up when it appears', async () => {
    h = new Harness(bus());
    const watch = join(h.dir, 'later');
    const { runtime, agent } = await startAgent(watch);
    for (let k = 0; k < 3; k += 1) await agent.poll();
    const warnings = () => h.store.testbed.listLogs({ instanceName: runtime.agentName, minLevel: 'WARNING' });
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0].message).toContain(`watch directory ${watch}`);
    mkdirSync(watch);
    writeFileSync(join(watch, 'run_42_part.stf'), 'data');
    await waitFor(() => agent.counters().sampled === 1, 5_000, 'run_42 sampled');
    expect(h.store.testbed.listTfFiles({ runNumber: 42 })).toHaveLength(7);
  });
});
