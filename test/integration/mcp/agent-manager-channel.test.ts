/** The MCP server's agent-manager channel against a real AgentManager, on the embedded router and on ActiveMQ. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusAgentManagerChannel } from '../../../main/mcp/agent-manager-channel.js';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { AgentManager } from '../../../main/testbed/agent-manager/index.js';
import { createTestbedBus, type TestbedBus, type TestbedBusConfig } from '../../../main/testbed/bus/index.js';
import { TestbedOrchestrator } from '../../../main/testbed/orchestrator/index.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { startActiveMq, type ActiveMq } from '../../helpers/activemq.js';
import { freePort } from '../../helpers/net.js';

interface BusUnderTest {
  name: string;
  start(): Promise<TestbedBusConfig>;
  stop(): Promise<void>;
}

let router: RouterHandle | undefined;
let broker: ActiveMq | undefined;
const buses: BusUnderTest[] = [
  {
    name: 'embedded router',
    async start() {
      const port = await freePort();
      router = await startRouter({ port });
      return { kind: 'wamp', url: `ws://127.0.0.1:${port}/ws`, realm: 'test_realm' };
    },
    stop: async () => router?.close(),
  },
  {
    name: 'ActiveMQ',
    async start() {
      broker = await startActiveMq();
      return { kind: 'stomp', host: broker.host, port: broker.port };
    },
    stop: async () => broker?.dispose(),
  },
];

describe.each(buses)('agent-manager channel on the $name', (underTest) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-channel-'));
  let config: TestbedBusConfig;
  let store: StationStore;
  let managerBus: TestbedBus;
  let orchestrator: TestbedOrchestrator;
  let manager: AgentManager;
  let channel: BusAgentManagerChannel;

  beforeAll(async () => {
    config = await underTest.start();
    store = openStationStore(dataDir);
    orchestrator = new TestbedOrchestrator({ dataDir, bus: config, store, user: 'carol' });
    managerBus = createTestbedBus(config.kind === 'stomp' ? { ...config, clientId: 'agent-manager-carol' } : config);
    manager = new AgentManager({ orchestrator, bus: managerBus, records: store.testbed, user: 'carol', namespace: 'torre1' });
    await manager.start();
    channel = new BusAgentManagerChannel({ user: 'carol', bus: config });
  }, 60_000);
  afterAll(async () => {
    await channel?.close();
    await manager?.stop();
    await managerBus?.close();
    await orchestrator?.close();
    store?.close();
    await underTest.stop();
  }, 30_000);

  it('ping, status and stop_testbed each get their reply', async () => {
    expect(await channel.command('ping')).toMatchObject({ msg_type: 'agent_manager_pong', status: 'alive', username: 'carol' });
    expect(await channel.command('status')).toMatchObject({ msg_type: 'agent_manager_status', agents_running: false, supervisord_status: '' });
    expect(await channel.command('stop_testbed')).toMatchObject({ msg_type: 'agent_manager_result', command: 'stop_testbed', ok: true, message: 'No agents running (supervisord not active)' });
  });

  it('concurrent commands never take each other\'s reply', async () => {
    const replies = await Promise.all([channel.command('status'), channel.command('ping'), channel.command('status'), channel.command('ping')]);
    expect(replies.map((r) => r.msg_type)).toEqual(['agent_manager_status', 'agent_manager_pong', 'agent_manager_status', 'agent_manager_pong']);
  });

  it('a refusal comes back as ok: false with the reason', async () => {
    const reply = await channel.command('start_testbed', { config_name: 'no_such_testbed' });
    expect(reply).toMatchObject({ msg_type: 'agent_manager_result', command: 'start_testbed', ok: false });
    expect(String(reply.message)).toMatch(/no_such_testbed/);
  });

  it('no manager for the user: a timeout naming the user and the command', async () => {
    const nobody = new BusAgentManagerChannel({ user: 'nobody', bus: config, replyTimeoutMs: 500 });
    try {
      await expect(nobody.command('ping')).rejects.toThrow('no reply from the agent manager of nobody to "ping" within 0.5 s (is `station testbed agent-manager` running on this bus?)');
    } finally {
      await nobody.close();
    }
  });
});

describe('agent-manager channel without a bus', () => {
  it('reports the unreachable bus with its address', async () => {
    const port = await freePort();
    const channel = new BusAgentManagerChannel({ user: 'carol', bus: { kind: 'stomp', host: '127.0.0.1', port }, connectTimeoutMs: 1_000 });
    await expect(channel.command('ping')).rejects.toThrow(`testbed bus unreachable: ActiveMQ at 127.0.0.1:${port}`);
    await channel.close();
  });
});
