/**
 * The fastmon agent in message mode on the real embedded router with a real store: stf_ready → seeded
 * sampling → TF rows → tf_file_registered, the first STF of a run always sampled, redelivery adding
 * nothing, bad input counted, and the end_run summary.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFastmonAgent, decideSampling, FASTMON_AGENT_TYPE, isSelected, resolveFastmonSettings, simulateTfSubsamples, type FastmonAgent } from '../../../main/fastmon/index.js';
import type { TestbedBus, TestbedBusConfig } from '../../../main/testbed/bus/index.js';
import { TOPIC_EPIC, type TestbedMessage } from '../../../main/testbed/messages.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { waitFor } from '../../helpers/net.js';
import { Harness } from '../testbed/agents/harness.js';

let router: RouterHandle;
let h: Harness;
let observer: TestbedBus;
const bus = (): TestbedBusConfig => ({ kind: 'wamp', url: router.wsUrl, realm: router.realm });
const RUN = 100010;
const names = Array.from({ length: 10 }, (_, k) => `swf.${RUN}.${String(k + 1).padStart(6, '0')}.stf`);
/** The parameters in force of the 'fixed'-seed agent, as the agent reports them (upstream's key names). */
const SAMPLING_FIXED = { seed: 'fixed', selection_fraction: 1, tf_files_per_stf: 7, tf_size_fraction: 0.15, tf_count_per_stf: 1000 };
const stfReady = (filename: string) => ({ msg_type: 'stf_ready', run_id: String(RUN), filename, execution_id: 'exec-0001', size_bytes: null, state: 'run', substate: 'physics' });

beforeAll(async () => {
  router = await startRouter({ port: 0 });
});
afterAll(async () => {
  await router?.close();
});
afterEach(async () => {
  await h?.dispose();
});

/** Harness + observer + a started fastmon agent with the given flags. */
async function setUp(flags: Parameters<typeof resolveFastmonSettings>[0]): Promise<{ agent: FastmonAgent; agentName: string }> {
  h = new Harness(bus());
  observer = await h.observe();
  const runtime = h.runtime(FASTMON_AGENT_TYPE, 'torre1');
  const agent = createFastmonAgent(runtime, resolveFastmonSettings(flags));
  await runtime.start();
  return { agent, agentName: runtime.agentName };
}

/** Sends as a plain bus client (no identity: the agent accepts it like any in-namespace message). */
async function publish(messages: Record<string, unknown>[]): Promise<void> {
  for (const message of messages) await observer.send(TOPIC_EPIC, { namespace: 'torre1', ...message } as TestbedMessage);
}

/** Waits until the agent took `received` STFs and their announcements have arrived, then lets stragglers land. */
async function settle(agent: FastmonAgent, received: number): Promise<void> {
  await waitFor(() => agent.counters().received >= received, 10_000, `${received} STFs received`);
  await waitFor(() => h.of('tf_file_registered').length === agent.counters().tfRecorded, 10_000, 'every tf_file_registered');
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe('fastmon agent, message mode', () => {
  it('samples every STF at fraction 1.0: 70 TF rows, 70 tf_file_registered with the §1.6 fields, one summary at end_run', async () => {
    const { agent, agentName } = await setUp({ seed: 'fixed', selectionFraction: 1 });
    expect(agentName).toMatch(/^fastmon-agent-alice-\d+$/);
    await publish(names.map(stfReady));
    await waitFor(() => h.of('tf_file_registered').length === 70, 10_000, '70 tf_file_registered');
    await settle(agent, 10);

    const rows = h.store.testbed.listTfFiles({ runNumber: RUN });
    expect(rows).toHaveLength(70);
    const messages = h.of('tf_file_registered');
    expect(messages).toHaveLength(70);
    expect(new Set(messages.map((m) => m.tf_filename)).size).toBe(70);
    const first = rows.find((r) => r.tfFilename === 'swf.100010.000001_tf_001.tf')!;
    expect(messages.find((m) => m.tf_filename === first.tfFilename)).toMatchObject({
      msg_type: 'tf_file_registered', run_id: String(RUN), execution_id: 'exec-0001', run_number: RUN, processed_by: agentName, sender: agentName,
      namespace: 'torre1', tf_file_id: String(first.id), tf_first: first.tfFirst, tf_last: first.tfLast, tf_count: first.tfCount,
      file_size_bytes: null, stf_filename: 'swf.100010.000001.stf', status: 'registered',
    });
    expect(agent.counters()).toEqual({ received: 10, sampled: 10, skipped: 0, tfRecorded: 70, rejected: {} });

    await publish([{ msg_type: 'end_run', run_id: String(RUN), execution_id: 'exec-0001', total_stf_files: 10 }]);
    await waitFor(() => h.of('fastmon_status').length === 1, 5_000, 'fastmon_status');
    expect(h.of('fastmon_status')[0]).toMatchObject({
      msg_type: 'fastmon_status', processed_by: agentName, status: 'ok', message: 'run 100010: 10 of 10 STFs sampled, 70 TFs', run_id: String(RUN), execution_id: 'exec-0001',
      sampling: SAMPLING_FIXED,
    });
    expect(first.metadata).toMatchObject({ ...SAMPLING_FIXED, created_from: 'swf.100010.000001.stf', sampling_reason: 'selected' });
    // No per-message warnings: the log holds only the start line.
    expect(h.store.testbed.listLogs({ instanceName: agentName, minLevel: 'WARNING' })).toEqual([]);
  });

  it('at fraction 0.3 samples exactly the predicted STFs (first of the run always); redelivery and bad input add nothing', async () => {
    // Seed 'd' leaves the run's first STF unselected, so the first-of-run rule is exercised.
    const seed = 'd';
    const { agent } = await setUp({ seed, selectionFraction: 0.3 });
    // The prediction, computed from the pure core in arrival order.
    const params = agent.settings.sampling;
    let runHasSample = false;
    let expected = 0;
    for (const name of names) {
      const decision = decideSampling(params, name, { runHasSample });
      if (!decision.sample) continue;
      runHasSample = true;
      expected += simulateTfSubsamples(params, { filename: name }).length;
    }
    expect(isSelected(params, names[0])).toBe(false);
    expect(expected).toBeGreaterThanOrEqual(7);
    expect(expected).toBeLessThan(70);

    await publish(names.map(stfReady));
    await settle(agent, 10);
    expect(h.store.testbed.listTfFiles({ runNumber: RUN })).toHaveLength(expected);
    expect(h.of('tf_file_registered')).toHaveLength(expected);
    expect(h.of('tf_file_registered').some((m) => m.stf_filename === names[0])).toBe(true);

    // Redelivering every stf_ready: same decisions, store dedupe, no announcement.
    await publish(names.map(stfReady));
    await settle(agent, 20);
    expect(h.store.testbed.listTfFiles({ runNumber: RUN })).toHaveLength(expected);
    expect(h.of('tf_file_registered')).toHaveLength(expected);

    // Bad input: counted and logged, never thrown.
    await publish([
      { msg_type: 'stf_ready', run_id: String(RUN) },
      { msg_type: 'stf_ready', filename: 'garbage.stf' },
      { msg_type: 'stf_ready', run_id: String(RUN), filename: 'swf.100010.000099.stf', size_bytes: 0 },
    ]);
    await waitFor(() => Object.keys(agent.counters().rejected).length === 3, 5_000, 'three rejections');
    expect(agent.counters().rejected).toEqual({ 'no-filename': 1, 'unparsable-name': 1, 'zero-size': 1 });
    expect(h.store.testbed.listTfFiles({ runNumber: RUN })).toHaveLength(expected);
  });

  it('takes byte sizes from size_bytes or the registered STF row', async () => {
    const { agent } = await setUp({ seed: 'sizes', selectionFraction: 1 });
    h.store.testbed.addStfFile({ filename: names[1], runNumber: RUN, executionId: null, sequence: 2, state: 'run', substate: 'physics', sizeBytes: 2_000_000, createdBy: 'test' });
    await publish([{ ...stfReady(names[0]), size_bytes: 1_000_000 }, stfReady(names[1])]);
    await settle(agent, 2);
    const rows = h.store.testbed.listTfFiles({ runNumber: RUN });
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      const stfBytes = row.stfFilename === names[0] ? 1_000_000 : 2_000_000;
      expect(row.sizeBytes).toBe(Math.round((stfBytes * row.tfCount) / 1000));
    }
    expect(h.of('tf_file_registered').every((m) => typeof m.file_size_bytes === 'number' && m.file_size_bytes > 0)).toBe(true);
  });
});
