/**
 * Router restart: agents come back on their own, re-register, re-subscribe exactly once, keep one
 * 1 Hz heartbeat loop, and do not relaunch their startup ops (upstream ocs#144/#180/#366).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/agents/registry/index.js';
import type { Registry } from '../../main/agents/registry/registry.js';
import { OcsAgent } from '../../main/ocs/agent.js';
import { silentLogger, type OcsLogger } from '../../main/ocs/logger.js';
import { startRouter } from '../../main/wamp/index.js';
import { freePort, waitFor } from '../helpers/net.js';
import { medianGap, RawWampClient } from './ocs-agent-helpers.js';

type Router = Awaited<ReturnType<typeof startRouter>>;
type Reply = [number, string, Record<string, unknown>];
const FAST_RECONNECT = { initialDelayMs: 100, maxDelayMs: 400 };

let port: number;
let router: Router;
let registryAgent: OcsAgent;
let registry: Registry;
let fake: OcsAgent;
const readyCount = { registry: 0, fake: 0 };
/** Op-code dicts of every heartbeat event the registry's handler was called with. */
const heartbeatsSeen: string[] = [];

beforeAll(async () => {
  port = await freePort();
  router = await startRouter({ port });
  ({ agent: registryAgent, registry } = createRegistry({ logger: silentLogger }));
  const onHeartbeat = registry.onHeartbeat.bind(registry);
  registry.onHeartbeat = (args) => {
    heartbeatsSeen.push(JSON.stringify((args[0] as unknown[])[0]));
    onHeartbeat(args);
  };
  registryAgent.connect({ url: router.wsUrl, realm: router.realm, reconnect: FAST_RECONNECT });
  registryAgent.onReady(() => (readyCount.registry += 1));
  fake = new OcsAgent({ agentClass: 'FakeDataAgent', instanceId: 'fake-data1', logger: silentLogger });
  fake.registerProcess('acq', { run: async (_s, _p, ctx) => (await ctx.sleep(600_000), [true, 'stopped']), stop: true, startup: true });
  fake.connect({ url: router.wsUrl, realm: router.realm, reconnect: FAST_RECONNECT });
  fake.onReady(() => (readyCount.fake += 1));
  await Promise.all([registryAgent.whenReady(), fake.whenReady()]);
});

afterAll(async () => {
  await fake?.shutdown(200);
  await registryAgent?.shutdown(200);
  await router?.close();
});

describe('after a router restart', () => {
  it('agents reconnect, re-register and keep their startup sessions', async () => {
    const before = { ...readyCount };
    await waitFor(() => heartbeatsSeen.includes(JSON.stringify({ acq: 3 })), 5000, 'fake heartbeat at the registry');
    await router.close();
    router = await startRouter({ port });
    await waitFor(() => readyCount.registry > before.registry && readyCount.fake > before.fake, 15_000, 'both agents ready again');

    const client = await RawWampClient.connect(router.wsUrl, router.realm);
    try {
      const main = await client.callResult<Reply>('observatory.registry.ops', ['status', 'main', {}]);
      expect(main[2]).toMatchObject({ session_id: 0, status: 'running' });
      const acq = await client.callResult<Reply>('observatory.fake-data1.ops', ['status', 'acq', {}]);
      expect(acq[2]).toMatchObject({ session_id: 0, status: 'running' });
      expect(await client.callResult('observatory.fake-data1', ['get_agent_class'])).toBe('FakeDataAgent');
    } finally {
      client.close();
    }
  }, 30_000);

  it('the registry holds exactly one heartbeat subscription: each event reaches its handler once', async () => {
    const client = await RawWampClient.connect(router.wsUrl, router.realm);
    try {
      const feedInfo = { agent_address: 'observatory.probe', agg_params: {}, feed_name: 'heartbeat', address: 'observatory.probe.feeds.heartbeat', record: false, session_id: '1', agent_class: 'Probe' };
      client.publish('observatory.probe.feeds.heartbeat', [[{ probe: 101 }, feedInfo]]);
      client.publish('observatory.probe.feeds.heartbeat', [[{ probe: 102 }, feedInfo]]);
      // Events from one publisher arrive in order, so once the second is in, any duplicate of the first is too.
      await waitFor(() => heartbeatsSeen.includes(JSON.stringify({ probe: 102 })), 5000, 'probe heartbeat 102');
      expect(heartbeatsSeen.filter((h) => h === JSON.stringify({ probe: 101 }))).toHaveLength(1);
      expect(heartbeatsSeen.filter((h) => h === JSON.stringify({ probe: 102 }))).toHaveLength(1);
      expect(registry.registeredAgents()['observatory.probe'].op_codes).toEqual({ probe: 102 });
    } finally {
      client.close();
    }
  });

  it('each agent runs one heartbeat loop (1 Hz, not 2 Hz)', async () => {
    const client = await RawWampClient.connect(router.wsUrl, router.realm);
    try {
      const sub = await client.subscribe('observatory.fake-data1.feeds.heartbeat');
      await waitFor(() => client.events(sub).length >= 4, 8000, '4 heartbeats');
      const times = client.events(sub).map((e) => client.arrivedAt(e));
      expect(medianGap(times)).toBeGreaterThan(850);
      expect(medianGap(times)).toBeLessThan(1150);
    } finally {
      client.close();
    }
  });
});

describe('a second agent with the same address', () => {
  it('fails to register, says why, keeps retrying, and takes over once the first one is gone', async () => {
    const first = new OcsAgent({ agentClass: 'FakeDataAgent', instanceId: 'dup', logger: silentLogger });
    first.connect({ url: router.wsUrl, realm: router.realm });
    await first.whenReady();

    const errors: string[] = [];
    const logger: OcsLogger = { ...silentLogger, error: (m) => errors.push(m) };
    const second = new OcsAgent({ agentClass: 'FakeDataAgent', instanceId: 'dup', logger });
    second.connect({ url: router.wsUrl, realm: router.realm, reconnect: FAST_RECONNECT });
    await waitFor(() => errors.some((m) => m === 'Is this agent already running? agent_address="observatory.dup"'), 5000, 'duplicate diagnosis');
    expect(errors[0]).toBe('Failed to register basic handlers! Error: wamp.error.procedure_already_exists');

    await first.shutdown(100);
    await second.whenReady(10_000);
    const client = await RawWampClient.connect(router.wsUrl, router.realm);
    try {
      expect(await client.callResult('observatory.dup.ops', ['status', 'x', {}])).toEqual([-1, 'No task or process called "x"', {}]);
    } finally {
      client.close();
      await second.shutdown(100);
    }
  }, 20_000);
});
