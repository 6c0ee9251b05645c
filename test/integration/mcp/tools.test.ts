/**
 * Every tool through a real SDK client (in-memory transport) against a real store in a temp dir, the
 * real orchestrator (its supervisord never started) and a bus address nobody listens on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_TOOL_NAMES, createStationMcpServer } from '../../../main/mcp/server.js';
import { openStationBackend, type StationBackend } from '../../../main/mcp/station-backend.js';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { freePort } from '../../helpers/net.js';
import { seedTestbed, type Seeded } from './seed-store.js';

interface Page {
  items: Record<string, unknown>[];
  total_count: number;
  has_more: boolean;
}

describe('MCP tools on a seeded store', () => {
  let dataDir: string;
  let seedStore: StationStore;
  let seeded: Seeded;
  let backend: StationBackend;
  let client: Client;

  const call = async (name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;
  const page = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await call(name, args);
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    // The text and the structured content carry the same JSON.
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    return result.structuredContent as unknown as Page;
  };
  const errorText = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await call(name, args);
    expect(result.isError).toBe(true);
    return (result.content[0] as { text: string }).text;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mcp-tools-'));
    // Seeding through a second connection, as the agents (other processes) write the same file.
    seedStore = openStationStore(dataDir);
    seeded = seedTestbed(seedStore.testbed);
    backend = openStationBackend({ dataDir, user: 'alice', bus: { kind: 'wamp', url: `ws://127.0.0.1:${await freePort()}/ws`, realm: 'test_realm' } });
    const server = createStationMcpServer(backend);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(clientSide);
  });
  afterAll(async () => {
    await client?.close();
    await backend?.close();
    seedStore?.close();
  });

  it('lists the twelve tools, each described and with an object input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([...MCP_TOOL_NAMES]);
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
    }
    expect(tools.find((t) => t.name === 'list_messages')!.inputSchema.properties).toHaveProperty('message_type');
  });

  it('list_executions: newest first, filters, pages', async () => {
    const all = await page('list_executions');
    expect(all.items.map((e) => e.executionId)).toEqual([seeded.other, seeded.running, seeded.finished]);
    expect(all).toMatchObject({ total_count: 3, has_more: false });
    expect((await page('list_executions', { currently_running: true })).items.map((e) => e.executionId)).toEqual([seeded.running]);
    expect((await page('list_executions', { namespace: 'torre2' })).items).toMatchObject([{ executionId: seeded.other, status: 'terminated', executedBy: 'bob' }]);
    const second = await page('list_executions', { limit: 2, offset: 1 });
    expect(second).toMatchObject({ total_count: 3, has_more: false });
    expect(second.items.map((e) => e.executionId)).toEqual([seeded.running, seeded.finished]);
    expect(await page('list_executions', { limit: 1 })).toMatchObject({ total_count: 3, has_more: true });
    expect(seeded.finished).toBe('stf_datataking-alice-0001');
  });

  it('list_runs and list_stf_files', async () => {
    const runs = await page('list_runs');
    expect(runs.items).toMatchObject([
      { runNumber: 100011, executionId: seeded.running, endedAt: null, stfFileCount: 2 },
      { runNumber: 100010, executionId: seeded.finished, totalStfFiles: 3, stfFileCount: 3 },
    ]);
    expect((await page('list_runs', { execution_id: seeded.finished })).total_count).toBe(1);
    const files = await page('list_stf_files', { run_number: 100010 });
    expect(files.total_count).toBe(3);
    expect(files.items.every((f) => f.status === 'processed' && f.processedBy === 'data-agent-alice-2')).toBe(true);
    expect((await page('list_stf_files', { execution_id: seeded.running })).items.map((f) => f.filename)).toEqual(['swf.100011.000002.stf', 'swf.100011.000001.stf']);
  });

  it('list_messages: the recorded sequence, no duplicate, filters and paging from either end', async () => {
    const all = await page('list_messages', { limit: 100 });
    expect(all.items.map((m) => m.msgType)).toEqual(['run_imminent', 'start_run', 'stf_gen', 'stf_ready', 'stf_gen', 'stf_ready', 'stf_gen', 'stf_ready', 'end_run']);
    expect(all.items[8]).toMatchObject({ destination: '/topic/epictopic', runId: '100010', executionId: seeded.finished, body: { total_stf_files: 3 } });
    expect((await page('list_messages', { message_type: 'stf_ready' })).total_count).toBe(3);
    expect((await page('list_messages', { agent: 'data-agent-alice-2' })).total_count).toBe(3);
    expect((await page('list_messages', { run_id: '100011' })).total_count).toBe(0);
    const newest = await page('list_messages', { newest: true, limit: 2 });
    expect(newest.items.map((m) => m.msgType)).toEqual(['stf_ready', 'end_run']);
    expect(newest).toMatchObject({ total_count: 9, has_more: true });
    const afterId = all.items[6].id as number;
    expect((await page('list_messages', { after_id: afterId })).items.map((m) => m.msgType)).toEqual(['stf_ready', 'end_run']);
  });

  it('list_logs: level is a minimum, search and execution filters', async () => {
    expect((await page('list_logs')).items.map((l) => l.message)).toEqual(['workflow started', 'registered swf file', 'simulated failure']);
    expect((await page('list_logs', { level: 'ERROR' })).items).toMatchObject([{ instanceName: 'workflow-runner-agent-alice-1', executionId: seeded.running }]);
    expect((await page('list_logs', { search: 'SWF' })).total_count).toBe(1);
    expect((await page('list_logs', { execution_id: seeded.finished, newest: true, limit: 1 })).items).toMatchObject([{ message: 'registered swf file' }]);
  });

  it('list_agents: live agents by default, EXITED ones on request', async () => {
    const beat = { agentType: 'DATA', operationalState: 'READY' as const, namespace: 'torre1', pid: 2, hostname: 'h', description: '', mqConnected: true };
    seedStore.testbed.recordHeartbeat({ ...beat, instanceName: 'data-agent-alice-2', status: 'OK', at: Date.now() - 1_000 });
    seedStore.testbed.recordHeartbeat({ ...beat, instanceName: 'data-agent-alice-9', status: 'EXITED', operationalState: 'EXITED', at: Date.now() - 1_000 });
    expect((await page('list_agents', { agent_type: 'DATA' })).items).toMatchObject([{ instanceName: 'data-agent-alice-2', status: 'OK', alive: true }]);
    const all = await page('list_agents', { agent_type: 'DATA', include_exited: true, limit: 1 });
    expect(all).toMatchObject({ total_count: 2, has_more: true, items: [{ instanceName: 'data-agent-alice-2' }] });
    expect((await page('list_agents', { namespace: 'torre2' })).total_count).toBe(0);
  });

  it('rejects bad arguments as tool errors', async () => {
    expect(await errorText('list_runs', { limit: 0 })).toMatch(/Input validation error/);
    expect(await errorText('list_logs', { level: 'LOUD' })).toMatch(/Input validation error/);
    expect(await errorText('list_messages', { offset: 9_999, limit: 10 })).toMatch(/offset \+ limit must be at most 10000/);
  });

  it('get_testbed_status reports supervisord not running, running executions and the missing agent manager', async () => {
    const result = await call('get_testbed_status');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      supervisordInstalled: true,
      supervisordRunning: false,
      programs: [],
      executions: [{ executionId: seeded.running }],
      agentManager: { username: 'alice', instance_name: 'agent-manager-alice', alive: false, state: 'missing', control_queue: '/queue/agent_control.alice' },
    });
  });

  it('check_agent_manager follows the heartbeats (5 min window, EXITED)', async () => {
    expect((await call('check_agent_manager')).structuredContent).toMatchObject({ alive: false, state: 'missing' });
    const heartbeat = { instanceName: 'agent-manager-alice', agentType: 'agent_manager', operationalState: 'READY' as const, namespace: 'torre1', pid: 1, hostname: 'h', description: 'Agent manager for alice', mqConnected: true };
    seedStore.testbed.recordHeartbeat({ ...heartbeat, status: 'OK', at: Date.now() - 60_000 });
    expect((await call('check_agent_manager')).structuredContent).toMatchObject({ alive: true, state: 'healthy', namespace: 'torre1', heartbeat_age_s: 60 });
    seedStore.testbed.recordHeartbeat({ ...heartbeat, status: 'OK', at: Date.now() - 6 * 60_000 });
    expect((await call('check_agent_manager')).structuredContent).toMatchObject({ alive: false, state: 'exited' });
    seedStore.testbed.recordHeartbeat({ ...heartbeat, status: 'EXITED', operationalState: 'EXITED', at: Date.now() });
    expect((await call('check_agent_manager')).structuredContent).toMatchObject({ alive: false, state: 'exited' });
  });

  it('start/stop_user_testbed refuse while the agent manager is not alive', async () => {
    expect(await errorText('start_user_testbed')).toBe('the agent manager of alice is not running (no heartbeat within 5 min): start it with `station testbed agent-manager`');
    expect(await errorText('stop_user_testbed')).toMatch(/^the agent manager of alice is not running/);
  });

  it('check_agent_manager with ping reports the unreachable bus instead of failing', async () => {
    const result = await call('check_agent_manager', { ping: true });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ ping: { ok: false, error: expect.stringMatching(/^testbed bus unreachable: ws:\/\/127\.0\.0\.1:\d+\/ws/) } });
  });

  it('stop_workflow refuses unknown and finished executions, and reports an unreachable bus', async () => {
    expect(await errorText('stop_workflow', { execution_id: 'nope-0001' })).toBe('No execution nope-0001');
    expect(await errorText('stop_workflow', { execution_id: seeded.finished })).toBe(`Execution ${seeded.finished} is not running (completed)`);
    expect(await errorText('stop_workflow', { execution_id: seeded.running })).toMatch(/^cannot reach the testbed bus \(embedded router ws:\/\/127\.0\.0\.1:\d+\/ws/);
    expect(await errorText('stop_workflow', {})).toMatch(/Input validation error/);
  });

  it('start_workflow reports a config error and starts nothing', async () => {
    expect(await errorText('start_workflow', { config: 'no_such_config' })).toMatch(/no_such_config/);
    expect((await call('get_testbed_status')).structuredContent).toMatchObject({ supervisordRunning: false });
  });
});
