/**
 * The workflow tools end to end: `station mcp` (stdio, a real SDK client) on the embedded router starts
 * real supervisord, the workflow runner and the data agent; the station's MessageRecorder records the
 * bus; an agent manager answers the agent-manager tools. Fast mode except one short realtime run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { AgentManager } from '../../../main/testbed/agent-manager/index.js';
import { createTestbedBus, type TestbedBus, type WampBusConfig } from '../../../main/testbed/bus/index.js';
import { MessageRecorder, TestbedOrchestrator } from '../../../main/testbed/orchestrator/index.js';
import { currentUser } from '../../../main/testbed/supervisor/index.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { freePort, waitFor } from '../../helpers/net.js';
import { STATION_BIN } from '../../helpers/station.js';

const CONFIG = `
[testbed]
namespace = "mcpe2e"
[agents.data]
enabled = true
[workflow]
name = "stf_datataking"
config = "fast_processing_default"
realtime = false
`;

describe('MCP workflow tools end to end', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-e2e-'));
  let router: RouterHandle;
  let bus: WampBusConfig;
  let recorderBus: TestbedBus;
  let recorder: MessageRecorder;
  let store: StationStore;
  let orchestrator: TestbedOrchestrator;
  let client: Client;

  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 })) as CallToolResult;
  const ok = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await call(name, args);
    expect(result.isError, `${name}: ${JSON.stringify(result.content)}`).toBeFalsy();
    return result.structuredContent as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const executionStatus = (id: string) => store.testbed.getExecution(id)?.status;

  beforeAll(async () => {
    const port = await freePort();
    router = await startRouter({ port });
    bus = { kind: 'wamp', url: `ws://127.0.0.1:${port}/ws`, realm: 'test_realm' };
    mkdirSync(join(dataDir, 'testbed', 'configs'), { recursive: true });
    writeFileSync(join(dataDir, 'testbed', 'configs', 'mcp_e2e.toml'), CONFIG);
    store = openStationStore(dataDir);
    recorderBus = createTestbedBus(bus);
    recorder = new MessageRecorder({ bus: recorderBus, store });
    await recorder.start();
    orchestrator = new TestbedOrchestrator({ dataDir, bus, store });
    const args = [STATION_BIN, 'mcp', '--data-dir', dataDir, '--bus', 'wamp', '--wamp-url', bus.url, '--wamp-realm', bus.realm];
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'pipe' }));
  });
  afterAll(async () => {
    await client?.close();
    await orchestrator?.bridge.shutdown().catch(() => {});
    await orchestrator?.close();
    await recorder?.stop();
    await recorderBus?.close();
    store?.close();
    await router?.close();
  }, 30_000);

  it('start_workflow starts the agents and returns the execution id; a second start refuses; stop_workflow terminates it', async () => {
    // Realtime, periods until stopped: the workflow is certainly still running for the next two calls.
    const first = await ok('start_workflow', { config: 'mcp_e2e', realtime: true, stf_count: 3, physics_period_count: 0 });
    expect(first).toMatchObject({ namespace: 'mcpe2e', workflow_name: 'stf_datataking', started: ['workflow-runner', 'example-data-agent'], acknowledged_by_runner: true });
    expect(first.execution_id).toMatch(new RegExp(`^stf_datataking-${currentUser()}-\\d{4}$`));
    expect(executionStatus(first.execution_id)).toBe('running');

    const again = await call('start_workflow', { config: 'mcp_e2e', realtime: false });
    expect(again.isError).toBe(true);
    expect((again.content[0] as { text: string }).text).toMatch(/^Cannot start - agents already running: \['workflow-runner', 'example-data-agent'\]|^Cannot start - agents already running: \['example-data-agent', 'workflow-runner'\]/);

    expect(await ok('stop_workflow', { execution_id: first.execution_id })).toEqual({ execution_id: first.execution_id, stop_requested: true });
    await waitFor(() => executionStatus(first.execution_id) === 'terminated', 15_000, 'execution terminated');

    // The acting tools are in the station's audit log, as the UI's actions are (client "mcp"), the refusal included.
    const audited = store.audit.list({}).filter((entry) => entry.client === 'mcp').reverse();
    expect(audited.map((entry) => [entry.action, entry.ok, entry.target])).toEqual([
      ['testbed:run', true, 'mcp_e2e'],
      ['testbed:run', false, 'mcp_e2e'],
      ['testbed:stop-workflow', true, first.execution_id],
    ]);
    expect(audited[0].result).toMatchObject({ executionId: first.execution_id, namespace: 'mcpe2e' });
    expect(audited[1].message).toMatch(/^Cannot start - agents already running/);
    expect(audited[0].user).toBe(currentUser());
  }, 60_000);

  it('a fast run: the next start_workflow is taken, and the read tools show its run, STF files and messages', async () => {
    const { execution_id: id } = await ok('start_workflow', { config: 'mcp_e2e', realtime: false, stf_count: 3, physics_period_count: 1 });
    await waitFor(async () => (await ok('list_executions', { status: 'completed' })).items.some((e: { executionId: string }) => e.executionId === id), 20_000, 'execution completed');
    const runs = await ok('list_runs', { execution_id: id });
    expect(runs).toMatchObject({ total_count: 1, items: [{ executionId: id, namespace: 'mcpe2e', totalStfFiles: 3, stfFileCount: 3 }] });
    const files = await ok('list_stf_files', { execution_id: id });
    expect(files.total_count).toBe(3);
    await waitFor(async () => (await ok('list_stf_files', { execution_id: id })).items.every((f: { status: string }) => f.status === 'processed'), 5_000, 'STFs processed');
    // The recorder may still be writing the last messages when the execution row flips to completed.
    await waitFor(async () => (await ok('list_messages', { execution_id: id, message_type: 'stf_ready' })).total_count === 3, 5_000, 'stf_ready recorded');
    const types = (await ok('list_messages', { execution_id: id, limit: 100 })).items.map((m: { msgType: string }) => m.msgType);
    expect(types[0]).toBe('run_imminent');
    expect(types[1]).toBe('start_run');
    expect(types.filter((t: string) => t === 'stf_gen')).toHaveLength(3);
    expect(types.filter((t: string) => t === 'end_run')).toHaveLength(1);
    expect((await call('stop_workflow', { execution_id: id })).content).toEqual([{ type: 'text', text: `Execution ${id} is not running (completed)` }]);
  }, 60_000);

  it('the agent-manager tools talk to a live agent manager over the bus', async () => {
    const managerBus = createTestbedBus(bus);
    const manager = new AgentManager({ orchestrator, bus: managerBus, records: store.testbed, user: currentUser(), namespace: 'mcpe2e' });
    await manager.start();
    try {
      const check = await ok('check_agent_manager', { ping: true });
      expect(check).toMatchObject({ alive: true, state: 'healthy', namespace: 'mcpe2e', ping: { ok: true, reply: { msg_type: 'agent_manager_pong', status: 'alive' } } });
      const before = await ok('get_testbed_status');
      expect(before).toMatchObject({ supervisordRunning: true, agentManager: { alive: true } });
      expect(before.programs.filter((p: { state: string }) => p.state === 'RUNNING').map((p: { name: string }) => p.name).sort()).toEqual(['example-data-agent', 'workflow-runner']);
      // Agents running: the manager refuses, and the refusal comes back as the tool's error.
      const refused = await call('start_user_testbed', { config_name: 'mcp_e2e' });
      expect(refused).toMatchObject({ isError: true });
      expect((refused.content[0] as { text: string }).text).toMatch(/^agent manager refused start_testbed: Cannot start: agents already running/);
      const stopped = await ok('stop_user_testbed');
      expect(stopped).toMatchObject({ command: 'stop_testbed', ok: true });
      expect(stopped.message).toMatch(/^Stopped \[/);
      const after = await ok('get_testbed_status');
      expect(after.programs.every((p: { state: string }) => p.state !== 'RUNNING')).toBe(true);
    } finally {
      await manager.stop();
      await managerBus.close();
    }
  }, 60_000);
});
