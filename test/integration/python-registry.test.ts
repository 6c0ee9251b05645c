/**
 * The TS Registry with an independent Python WAMP implementation as its agent (python3-autobahn):
 * it lists the Python agent from its heartbeats and expires it 5–6 s after they stop; a Python
 * client reads the listing over /call the way `ocs-client-cli scan --use-registry` does, and the
 * expiry reaches the agent_operations feed (what dashboards read) in the same 5.0–6.1 s window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredAgentInfo } from '../../shared/ocs-codes.js';
import { createRegistry } from '../../main/agents/registry/index.js';
import type { OcsAgent } from '../../main/ocs/agent.js';
import { silentLogger } from '../../main/ocs/logger.js';
import { startRouter, type RouterHandle } from '../../main/wamp/index.js';
import { openSession, type OpenSession } from '../helpers/autobahn.js';
import { waitFor } from '../helpers/net.js';
import { runPythonCaller, startPythonAgent, type PythonAgent } from '../helpers/python.js';

let router: RouterHandle;
let registry: OcsAgent;
let python: PythonAgent;
let watcher: OpenSession;
let lastHeartbeatAt = 0;
/** Arrival times of agent_operations samples reporting op code 7 for the Python agent. */
const sevensAt: number[] = [];

/** The Registry's `main` session data, read over /call like Python's OCSClient does. */
async function registryData(): Promise<Record<string, RegisteredAgentInfo>> {
  const [result] = await runPythonCaller({ transport: 'http', url: router.callUrl, agent: 'observatory.registry', steps: ['status:main'] });
  const reply = result.reply as [number, string, { data: Record<string, RegisteredAgentInfo> }];
  expect(reply[0]).toBe(0);
  return reply[2].data;
}

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  registry = createRegistry({ logger: silentLogger }).agent;
  registry.connect({ url: router.wsUrl, realm: router.realm });
  await registry.whenReady();
  watcher = await openSession(router.wsUrl);
  await watcher.session.subscribe('observatory.py-agent.feeds.heartbeat', () => {
    lastHeartbeatAt = Date.now() / 1000;
  });
  await watcher.session.subscribe('observatory.registry.feeds.agent_operations', (args) => {
    const blocks = (args as [[Record<string, { data: Record<string, number[]> }>]])[0][0];
    for (const [field, block] of Object.entries(blocks)) {
      if (field.startsWith('observatory_py_agent_') && block.data[field][0] === 7) sevensAt.push(Date.now() / 1000);
    }
  });
  python = await startPythonAgent({ url: router.wsUrl, instanceId: 'py-agent' });
});

afterAll(async () => {
  await python?.stop();
  await watcher?.close();
  await registry?.shutdown(500);
  await router?.close();
});

describe('TS Registry with a Python agent', () => {
  it('lists the Python agent with its class and op codes', async () => {
    const data = await waitFor(async () => {
      const current = await registryData();
      return current['observatory.py-agent'] ? current : undefined;
    }, 10_000, 'the registry to list the Python agent');
    expect(data['observatory.py-agent']).toMatchObject({
      expired: false,
      time_expired: null,
      agent_class: 'FakeDataAgent',
      agent_address: 'observatory.py-agent',
      op_codes: { count: 1, set_heartbeat: 1, delay_task: 1 },
    });
  });

  it('expires it 5–6 s after its heartbeats stop, with every op code 7', async () => {
    expect(await python.toggleHeartbeat()).toBe('off');
    const stoppedAt = lastHeartbeatAt;
    const expired = await waitFor(async () => {
      const entry = (await registryData())['observatory.py-agent'];
      return entry.expired ? { entry, seenAt: Date.now() / 1000 } : undefined;
    }, 9_000, 'the registry to expire the Python agent', 100);
    // The registry's own expiry time, against the last heartbeat actually delivered.
    const delay = (expired.entry.time_expired as number) - stoppedAt;
    expect(delay).toBeGreaterThanOrEqual(5.0);
    expect(delay).toBeLessThanOrEqual(6.1);
    expect(expired.seenAt - stoppedAt).toBeLessThan(7);
    expect(expired.entry.op_codes).toEqual({ count: 7, set_heartbeat: 7, delay_task: 7 });
    // Dashboards read the agent_operations feed: the 7s (one sample per op) arrive within the same window.
    await waitFor(() => sevensAt.length === 3, 2000, 'three op-code-7 samples');
    expect(sevensAt[0] - stoppedAt).toBeGreaterThanOrEqual(5.0);
    expect(sevensAt[0] - stoppedAt).toBeLessThanOrEqual(6.1);
  });

  it('brings it back when the heartbeats resume', async () => {
    expect(await python.toggleHeartbeat()).toBe('on');
    await waitFor(async () => (await registryData())['observatory.py-agent'].expired === false, 5_000, 'the agent to come back');
    expect((await registryData())['observatory.py-agent'].op_codes).toEqual({ count: 1, set_heartbeat: 1, delay_task: 1 });
  });
});
