/**
 * Shared pieces of the testbed-agent integration tests: a temp store, agents on a real bus, and a
 * plain observer bus (no identity, so it sees every namespace) that keeps every message in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openStationStore, type StationStore } from '../../../../main/store/index.js';
import {
  createDataAgent, createFastProcessingAgent, createTestbedAgentRuntime, createWorkflowRunner, DATA_AGENT_TYPE, FAST_PROCESSING_AGENT_TYPE,
  TOPIC_PANDA_SLICES, TOPIC_PANDA_WORKERS, WORKFLOW_RUNNER_AGENT_TYPE, type TestbedAgentRuntime, type WorkflowRunner,
} from '../../../../main/testbed/agents/index.js';
import { createTestbedBus, type TestbedBus, type TestbedBusConfig } from '../../../../main/testbed/bus/index.js';
import { TOPIC_EPIC, workflowControlQueue, type TestbedMessage } from '../../../../main/testbed/messages.js';
import { waitFor } from '../../../helpers/net.js';

export interface Seen {
  destination: string;
  message: TestbedMessage;
}

/** Everything one test started, stopped by `dispose`. */
export class Harness {
  readonly dir = mkdtempSync(join(tmpdir(), 'testbed-agents-'));
  readonly store: StationStore = openStationStore(this.dir);
  readonly seen: Seen[] = [];
  private readonly runtimes: TestbedAgentRuntime[] = [];
  private observer: TestbedBus | null = null;

  constructor(private readonly bus: TestbedBusConfig) {}

  /** An observer on the epic and PanDA topics (subscribed before any agent sends). */
  async observe(): Promise<TestbedBus> {
    const bus = createTestbedBus(this.clientConfig('observer'));
    await bus.connect();
    for (const destination of [TOPIC_EPIC, TOPIC_PANDA_SLICES, TOPIC_PANDA_WORKERS]) {
      await bus.subscribe(destination, (message) => void this.seen.push({ destination, message })).ready;
    }
    this.observer = bus;
    return bus;
  }

  async runner(namespace = 'torre1'): Promise<{ runtime: TestbedAgentRuntime; runner: WorkflowRunner }> {
    const runtime = this.runtime(WORKFLOW_RUNNER_AGENT_TYPE, namespace);
    const runner = createWorkflowRunner(runtime, { realtime: false });
    await runtime.start();
    return { runtime, runner };
  }

  async dataAgent(namespace = 'torre1'): Promise<TestbedAgentRuntime> {
    const runtime = this.runtime(DATA_AGENT_TYPE, namespace);
    createDataAgent(runtime);
    await runtime.start();
    return runtime;
  }

  async fastProcessingAgent(namespace = 'torre1'): Promise<TestbedAgentRuntime> {
    const runtime = this.runtime(FAST_PROCESSING_AGENT_TYPE, namespace);
    createFastProcessingAgent(runtime);
    await runtime.start();
    return runtime;
  }

  runtime(agentType: string, namespace: string, heartbeatMs?: number): TestbedAgentRuntime {
    const runtime = createTestbedAgentRuntime({ agentType, namespace, user: 'alice', bus: this.bus, store: this.store, heartbeatMs });
    this.runtimes.push(runtime);
    return runtime;
  }

  /** Sends run_workflow (fast mode) with an execution id from the store; returns the id. */
  async runWorkflow(namespace: string, params: Record<string, unknown>): Promise<string> {
    const executionId = this.store.testbed.nextExecutionId('stf_datataking', 'alice');
    await this.observer!.send(workflowControlQueue(namespace), {
      msg_type: 'run_workflow', namespace, workflow_name: 'stf_datataking', config: 'fast_processing_default', realtime: false, params, execution_id: executionId,
    });
    return executionId;
  }

  async executionEnded(executionId: string, timeoutMs = 15_000): Promise<string> {
    return waitFor(() => {
      const status = this.store.testbed.getExecution(executionId)?.status;
      return status && status !== 'running' ? status : null;
    }, timeoutMs, `execution ${executionId} to end`);
  }

  of(type: string, executionId?: string): TestbedMessage[] {
    return this.seen.filter((s) => s.message.msg_type === type && (!executionId || s.message.execution_id === executionId)).map((s) => s.message);
  }

  clientConfig(name: string): TestbedBusConfig {
    return this.bus.kind === 'stomp' ? { ...this.bus, clientId: `${name}-${process.pid}-${Date.now()}` } : this.bus;
  }

  async dispose(): Promise<void> {
    for (const runtime of this.runtimes) await runtime.shutdown();
    await this.observer?.close();
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The full 10-STF run of spec §8 in fast mode: exact runner sequence and ticks, one stf_ready per
 * stf_gen after it (same filename, sequence, execution_id), end_run{10}, and the store's records.
 */
export async function fullTenStfRun(h: Harness): Promise<void> {
  await h.observe();
  await h.runner();
  const data = await h.dataAgent();
  const executionId = await h.runWorkflow('torre1', { stf_count: 10, physics_period_count: 1 });
  expect(await h.executionEnded(executionId)).toBe('completed');
  await waitFor(() => h.of('stf_ready', executionId).length === 10, 10_000, '10 stf_ready');

  const runnerTypes = h.seen.filter((s) => s.destination === TOPIC_EPIC && s.message.msg_type !== 'stf_ready').map((s) => s.message.msg_type);
  expect(runnerTypes).toEqual(['run_imminent', 'start_run', ...Array(10).fill('stf_gen'), 'end_run']);
  const runnerMessages = h.seen.filter((s) => s.message.msg_type !== 'stf_ready').map((s) => s.message);
  expect(runnerMessages.map((m) => m.simulation_tick)).toEqual([5, 13.1, ...Array.from({ length: 10 }, (_, k) => Math.round((14.2 + 2.2 * k) * 1e6) / 1e6), 34.2]);
  const runId = String(runnerMessages[0].run_id);
  expect(Number(runId)).toBeGreaterThanOrEqual(100010);
  for (const message of runnerMessages) expect(message).toMatchObject({ namespace: 'torre1', execution_id: executionId, run_id: runId, sender: expect.stringMatching(/^daq_simulator-agent-alice-\d+$/) });
  expect(runnerMessages.at(-1)).toMatchObject({ total_stf_files: 10 });

  const order = h.seen.map((s) => s.message);
  for (let seq = 1; seq <= 10; seq += 1) {
    const filename = `swf.${runId}.${String(seq).padStart(6, '0')}.stf`;
    const gen = order.findIndex((m) => m.msg_type === 'stf_gen' && m.filename === filename);
    const ready = order.findIndex((m) => m.msg_type === 'stf_ready' && m.filename === filename);
    expect(gen).toBeGreaterThan(-1);
    expect(ready).toBeGreaterThan(gen);
    expect(order[gen]).toMatchObject({ sequence: seq, state: 'run', substate: 'physics' });
    expect(order[ready]).toMatchObject({
      sequence: seq, run_id: runId, execution_id: executionId, state: 'run', substate: 'physics', processed_by: data.agentName, sender: data.agentName,
      namespace: 'torre1', file_url: null, checksum: null, size_bytes: null, simulation_tick: order[gen].simulation_tick,
    });
  }
  expect(h.of('stf_ready')).toHaveLength(10);
  expect(h.of('stf_gen')).toHaveLength(10);

  const run = h.store.testbed.getRun(Number(runId));
  expect(run).toMatchObject({ executionId, namespace: 'torre1', totalStfFiles: 10 });
  const files = h.store.testbed.listStfFiles({ executionId });
  expect(files).toHaveLength(10);
  await waitFor(() => h.store.testbed.listStfFiles({ executionId }).every((f) => f.status === 'processed'), 5_000, 'every STF processed');
}
