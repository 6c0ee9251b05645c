/** The agent manager on the embedded router with real supervisord and the real agents: a reply for every command. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationStore, type StationStore } from '../../../../main/store/index.js';
import { AgentManager } from '../../../../main/testbed/agent-manager/index.js';
import { createTestbedBus, type TestbedBus, type TestbedBusConfig } from '../../../../main/testbed/bus/index.js';
import { agentControlQueue, type TestbedMessage } from '../../../../main/testbed/messages.js';
import { TestbedOrchestrator } from '../../../../main/testbed/orchestrator/index.js';
import { startRouter, type RouterHandle } from '../../../../main/wamp/index.js';
import { waitFor } from '../../../helpers/net.js';
import { STATION_BIN } from '../../../helpers/station.js';

describe('agent manager', () => {
  let router: RouterHandle;
  let dataDir: string;
  let store: StationStore;
  let orchestrator: TestbedOrchestrator;
  let managerBus: TestbedBus;
  let client: TestbedBus;
  let manager: AgentManager;
  const replies: TestbedMessage[] = [];
  const REPLY_TO = '/queue/test_replies';

  const ask = async (command: Record<string, unknown>, timeoutMs = 20_000) => {
    const request_id = `r${replies.length}-${Math.random()}`;
    await client.send(agentControlQueue('alice'), { ...command, reply_to: REPLY_TO, request_id } as unknown as TestbedMessage);
    return waitFor(() => replies.find((r) => r.request_id === request_id), timeoutMs, `reply to ${String(command.command)}`);
  };

  beforeAll(async () => {
    router = await startRouter({ port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'agent-manager-'));
    store = openStationStore(dataDir);
    const bus: TestbedBusConfig = { kind: 'wamp', url: router.wsUrl, realm: router.realm };
    orchestrator = new TestbedOrchestrator({ dataDir, bus, store, user: 'alice', stationBin: STATION_BIN });
    managerBus = createTestbedBus(bus, { identity: { agentName: 'agent-manager-alice' } });
    client = createTestbedBus(bus);
    await client.connect();
    await client.subscribe(REPLY_TO, (m) => void replies.push(m)).ready;
    manager = new AgentManager({ orchestrator, bus: managerBus, records: store.testbed, user: 'alice', namespace: 'torre1', heartbeatMs: 200 });
    await manager.start();
  });

  afterAll(async () => {
    await manager?.stop();
    await orchestrator?.bridge.shutdown(15_000);
    await orchestrator?.close();
    await Promise.all([managerBus?.close(), client?.close()]);
    store?.close();
    await router?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('heartbeats into the store', async () => {
    const agent = await waitFor(() => store.testbed.getAgent('agent-manager-alice'), 5_000, 'manager heartbeat');
    expect(agent).toMatchObject({ agentType: 'agent_manager', status: 'OK', operationalState: 'READY', namespace: 'torre1', pid: process.pid, mqConnected: true });
    expect(agent.description).toBe('Agent manager for alice. namespace: torre1. MQ: connected. supervisord: idle');
  });

  it('answers ping and status', async () => {
    expect(await ask({ command: 'ping' })).toMatchObject({ msg_type: 'agent_manager_pong', status: 'alive', username: 'alice' });
    expect(await ask({ command: 'status' })).toMatchObject({ msg_type: 'agent_manager_status', agents_running: false, username: 'alice' });
  });

  it('start_testbed starts the agents; a second one is refused with a reply; stop_testbed stops them', async () => {
    const started = await ask({ command: 'start_testbed' }, 40_000);
    expect(started).toMatchObject({ msg_type: 'agent_manager_result', command: 'start_testbed', ok: true });
    expect(started.message).toMatch(/^Started \['workflow-runner', 'example-data-agent', 'example-fastmon-agent', 'fast-processing-agent'\]/);
    expect(started.message).not.toContain('skipped');
    expect(await ask({ command: 'status' })).toMatchObject({ agents_running: true });
    const refused = await ask({ command: 'start_testbed' });
    expect(refused).toMatchObject({ ok: false, command: 'start_testbed' });
    expect(refused.message).toMatch(/^Cannot start: agents already running: \[.*'workflow-runner'.*\]\. Run stop_testbed first\.$/);
    const stopped = await ask({ command: 'stop_testbed' }, 30_000);
    expect(stopped).toMatchObject({ ok: true, command: 'stop_testbed' });
    expect((await orchestrator.status()).programs.every((p) => p.state === 'STOPPED')).toBe(true);
  }, 60_000);

  it('refuses an unknown config and an unknown command with a reply', async () => {
    expect(await ask({ command: 'start_testbed', config_name: 'missing' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Config not found: missing/) });
    expect(await ask({ command: 'dance' })).toMatchObject({ ok: false, message: 'Unknown command "dance"' });
  });

  it('records EXITED when it stops', async () => {
    await manager.stop();
    expect(store.testbed.getAgent('agent-manager-alice')).toMatchObject({ status: 'EXITED', operationalState: 'EXITED' });
  });
});
