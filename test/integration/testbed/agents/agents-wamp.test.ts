/**
 * The testbed agents on the real embedded router with a real store: the full 10-STF run, stop,
 * per-namespace control queues, a second run, run_workflow failures, heartbeats across a router
 * restart, and the fast-processing agent's messages.
 */
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { TOPIC_PANDA_SLICES, TOPIC_PANDA_WORKERS } from '../../../../main/testbed/agents/index.js';
import type { TestbedBusConfig } from '../../../../main/testbed/bus/index.js';
import { TOPIC_EPIC, workflowControlQueue } from '../../../../main/testbed/messages.js';
import { startRouter, type RouterHandle } from '../../../../main/wamp/index.js';
import { freePort, waitFor } from '../../../helpers/net.js';
import { fullTenStfRun, Harness } from './harness.js';

let router: RouterHandle;
let port: number;
let h: Harness;
const bus = (): TestbedBusConfig => ({ kind: 'wamp', url: `ws://127.0.0.1:${port}/ws`, realm: 'test_realm', reconnectDelayMs: 100, maxReconnectDelayMs: 300 });

beforeAll(async () => {
  port = await freePort();
  router = await startRouter({ port });
});
afterAll(async () => {
  await router?.close();
});
afterEach(async () => {
  await h?.dispose();
});

describe('testbed agents on the embedded router', () => {
  it('runs the full 10-STF workflow: exact sequence, ticks, stf_ready per STF with execution_id, store records', async () => {
    h = new Harness(bus());
    await fullTenStfRun(h);
  });

  it('stop_workflow mid-run ends the run with end_run and the execution as terminated', async () => {
    h = new Harness(bus());
    const observer = await h.observe();
    const { runner } = await h.runner();
    // physics_period_count 0: runs until stopped.
    const executionId = await h.runWorkflow('torre1', { stf_count: 2, physics_period_count: 0 });
    await waitFor(() => h.of('stf_gen', executionId).length >= 3, 10_000, 'three STFs');
    await observer.send(workflowControlQueue('torre1'), { msg_type: 'stop_workflow', namespace: 'torre1', execution_id: 'someone-else-0001' });
    await observer.send(workflowControlQueue('torre1'), { msg_type: 'stop_workflow', namespace: 'torre1', execution_id: executionId });
    expect(await h.executionEnded(executionId)).toBe('terminated');
    await waitFor(() => h.of('end_run', executionId).length === 1, 5_000, 'end_run');
    const gens = h.of('stf_gen', executionId).length;
    expect(h.of('end_run', executionId)[0]).toMatchObject({ total_stf_files: gens });
    expect(h.store.testbed.getRun(Number(h.of('end_run')[0].run_id))).toMatchObject({ totalStfFiles: gens });
    expect(runner.current).toBeNull();
  });

  it('takes run_workflow only from its own namespace queue; the other namespace runner runs it', async () => {
    h = new Harness(bus());
    await h.observe();
    const one = await h.runner('torre1');
    const two = await h.runner('torre2');
    const executionId = await h.runWorkflow('torre2', { stf_count: 1, physics_period_count: 1 });
    expect(await h.executionEnded(executionId)).toBe('completed');
    expect(h.store.testbed.getExecution(executionId)).toMatchObject({ namespace: 'torre2' });
    expect(h.of('start_run', executionId)[0]).toMatchObject({ namespace: 'torre2', sender: two.runtime.agentName });
    expect(h.seen.every((s) => s.message.sender !== one.runtime.agentName)).toBe(true);
    expect(h.store.testbed.listExecutions({ namespace: 'torre1' })).toEqual([]);
  });

  it('takes a second run_workflow after the first ended (new execution, next run number)', async () => {
    h = new Harness(bus());
    await h.observe();
    await h.runner();
    const first = await h.runWorkflow('torre1', { stf_count: 1, physics_period_count: 1 });
    expect(await h.executionEnded(first)).toBe('completed');
    const second = await h.runWorkflow('torre1', { stf_count: 2, physics_period_count: 1 });
    expect(await h.executionEnded(second)).toBe('completed');
    const [runA, runB] = [h.of('end_run', first)[0], h.of('end_run', second)[0]];
    expect(Number(runB.run_id)).toBe(Number(runA.run_id) + 1);
    expect(runB).toMatchObject({ total_stf_files: 2 });
    expect(second).not.toBe(first);
  });

  it('reports a run_workflow it cannot run: unknown workflow and bad params → run_workflow_failed, execution failed', async () => {
    h = new Harness(bus());
    const observer = await h.observe();
    await h.runner();
    await observer.send(workflowControlQueue('torre1'), { msg_type: 'run_workflow', namespace: 'torre1', workflow_name: 'fast_processing', execution_id: 'fast_processing-alice-0001', realtime: false });
    await observer.send(workflowControlQueue('torre1'), { msg_type: 'run_workflow', namespace: 'torre1', workflow_name: 'stf_datataking', execution_id: 'stf_datataking-alice-0777', params: { stf_count: -3 } });
    await waitFor(() => h.of('run_workflow_failed').length === 2, 5_000, 'two run_workflow_failed');
    const [unknown, bad] = h.of('run_workflow_failed');
    expect(unknown).toMatchObject({ execution_id: 'fast_processing-alice-0001', error: 'unknown workflow "fast_processing" (known: stf_datataking)' });
    expect(String(bad.error)).toMatch(/stf_count/);
    expect(h.store.testbed.getExecution('stf_datataking-alice-0777')).toMatchObject({ status: 'failed' });
    expect(h.of('run_imminent')).toEqual([]);
  });

  it('heartbeats OK at start, WARNING while the router is down, OK again, EXITED at shutdown', async () => {
    h = new Harness(bus());
    const runtime = h.runtime('DATA', 'torre1', 60_000);
    await runtime.start();
    const agent = () => h.store.testbed.getAgent(runtime.agentName);
    expect(agent()).toMatchObject({ status: 'OK', operationalState: 'READY', mqConnected: true, namespace: 'torre1', agentType: 'DATA', pid: process.pid });
    expect(runtime.agentName).toMatch(/^data-agent-alice-\d+$/);
    await router.close();
    await waitFor(() => agent()?.status === 'WARNING', 5_000, 'WARNING heartbeat');
    expect(agent()).toMatchObject({ mqConnected: false });
    router = await startRouter({ port });
    await waitFor(() => agent()?.status === 'OK', 10_000, 'OK heartbeat after reconnect');
    await runtime.shutdown();
    expect(agent()).toMatchObject({ status: 'EXITED', operationalState: 'EXITED' });
  });

  it('fast processing: run_imminent_worker, 11 slices for a 21-TF sample at 2 per slice, end_run to the workers', async () => {
    h = new Harness(bus());
    const observer = await h.observe();
    const agent = await h.fastProcessingAgent();
    const base = { namespace: 'torre1', run_id: '100777', execution_id: 'stf_datataking-alice-0042' };
    await observer.send(TOPIC_EPIC, { msg_type: 'run_imminent', ...base, state: 'beam', substate: 'not_ready', simulation_tick: 5 });
    await observer.send(TOPIC_EPIC, {
      msg_type: 'tf_file_registered', ...base, tf_filename: 'swf.100777.000001_tf_002.tf', tf_first: 10, tf_last: 30, tf_count: 21, stf_filename: 'swf.100777.000001.stf',
    });
    await observer.send(TOPIC_EPIC, { msg_type: 'tf_file_registered', ...base, namespace: 'elsewhere', tf_filename: 'x.tf', tf_first: 0, tf_last: 3, tf_count: 4, stf_filename: 'x.stf' });
    await observer.send(TOPIC_EPIC, { msg_type: 'end_run', ...base, total_stf_files: 1 });
    await waitFor(() => h.seen.filter((s) => s.destination === TOPIC_PANDA_WORKERS).length === 2, 5_000, 'two worker messages');
    const slices = h.seen.filter((s) => s.destination === TOPIC_PANDA_SLICES).map((s) => s.message);
    expect(slices).toHaveLength(11);
    expect(slices.map((s) => (s.content as { tf_filename: string }).tf_filename)).toEqual(
      Array.from({ length: 11 }, (_, i) => `swf.100777.000001_tf_002_slice_${String(i).padStart(3, '0')}.tf`),
    );
    expect(slices[10]).toMatchObject({ msg_type: 'slice', run_id: '100777', sender: agent.agentName, content: { slice_id: 10, start: 30, end: 30, tf_count: 1, execution_id: base.execution_id, filename: 'swf.100777.000001.stf', state: 'queued', substate: 'new' } });
    const workers = h.seen.filter((s) => s.destination === TOPIC_PANDA_WORKERS).map((s) => s.message);
    expect(workers.map((m) => m.msg_type)).toEqual(['run_imminent_worker', 'end_run']);
    expect(workers[0]).toMatchObject({ run_id: '100777', content: { msg_type: 'run_imminent', execution_id: base.execution_id, target_worker_count: 30, core_count: 30, slice_processing_time: 30 } });
    expect(workers[1]).toMatchObject({ run_id: '100777', content: { total_stf_files: 1, execution_id: base.execution_id } });
  });
});
