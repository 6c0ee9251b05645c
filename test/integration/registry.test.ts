/**
 * The TS Registry over real sockets (§4): listing from heartbeats, expiry 5–6.1 s after the last
 * heartbeat, agent_operations publishes on change, at once on expiry, and every --wait-time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredAgentInfo } from '../../shared/ocs-codes.js';
import { createRegistry } from '../../main/agents/registry/index.js';
import { OcsAgent } from '../../main/ocs/agent.js';
import { consoleLogger, silentLogger } from '../../main/ocs/logger.js';
import { startRouter } from '../../main/wamp/index.js';
import { waitFor } from '../helpers/net.js';
import { RawWampClient, type WampMessage } from './ocs-agent-helpers.js';

type Router = Awaited<ReturnType<typeof startRouter>>;
type Reply = [number, string, Record<string, unknown>];
const REGISTRY_OPS = 'observatory.registry.ops';
const WAIT_TIME = 2;

let router: Router;
let registryAgent: OcsAgent;
let client: RawWampClient;
let opsSub: number;
let heartbeatSub: number;
const agents: OcsAgent[] = [];

/** A small agent with one process (running) and one task (never run). */
async function startFakeAgent(instanceId: string): Promise<OcsAgent> {
  const agent = new OcsAgent({ agentClass: 'FakeDataAgent', instanceId, logger: silentLogger });
  agent.registerProcess('acq', { run: async (_s, _p, ctx) => (await ctx.sleep(600_000), [true, 'stopped']), stop: true, startup: true });
  agent.registerTask('delay_task', { run: () => [true, 'done'] });
  agent.connect({ url: router.wsUrl, realm: router.realm });
  await agent.whenReady();
  agents.push(agent);
  return agent;
}

/** agent_operations samples received so far: `{field, code, timestamp, arrivedAt}`. */
const samples: Array<{ field: string; code: number; timestamp: number; arrivedAt: number }> = [];
const seenFrames = new Set<WampMessage>();
function collectSamples(): typeof samples {
  for (const event of client.events(opsSub)) {
    if (seenFrames.has(event)) continue;
    seenFrames.add(event);
    const [[frame]] = event[4] as [[Record<string, { data: Record<string, number[]>; timestamps: number[] }>]];
    for (const [field, block] of Object.entries(frame)) {
      samples.push({ field, code: block.data[field][0], timestamp: block.timestamps[0], arrivedAt: client.arrivedAt(event) });
    }
  }
  return samples;
}

async function registryData(): Promise<Record<string, RegisteredAgentInfo>> {
  const [code, , session] = await client.callResult<Reply>(REGISTRY_OPS, ['status', 'main', {}]);
  expect(code).toBe(0);
  return session.data as Record<string, RegisteredAgentInfo>;
}

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  client = await RawWampClient.connect(router.wsUrl, router.realm);
  opsSub = await client.subscribe('observatory.registry.feeds.agent_operations');
  heartbeatSub = await client.subscribe('observatory..feeds.heartbeat', { match: 'wildcard' });
  const { agent } = createRegistry({ logger: process.env.OCS_TEST_LOG ? consoleLogger('registry') : silentLogger, waitTime: WAIT_TIME });
  registryAgent = agent;
  registryAgent.connect({ url: router.wsUrl, realm: router.realm });
  await registryAgent.whenReady();
});

afterAll(async () => {
  client?.close();
  for (const agent of agents) await agent.shutdown(200);
  await registryAgent?.shutdown(500);
  await router?.close();
});

describe('registry agent', () => {
  it('runs main at startup and describes itself like the Python RegistryAgent', async () => {
    const api = await client.callResult<Record<string, unknown>>('observatory.registry', ['get_api']);
    expect(api.agent_class).toBe('RegistryAgent');
    expect((api.feeds as unknown[][]).map((f) => f[0])).toEqual(['agent_operations', 'heartbeat']);
    expect((api.feeds as unknown[][])[0][1]).toMatchObject({ agg_params: { frame_length: 60 }, record: true, agent_class: 'RegistryAgent' });
    const [[name, session, info]] = api.processes as Array<[string, Record<string, unknown>, Record<string, unknown>]>;
    expect(name).toBe('main');
    expect(session).toMatchObject({ session_id: 0, status: 'running', op_code: 3 });
    expect(info).toMatchObject({ blocking: false, op_type: 'process', min_privs: 1 });
    expect((info.docstring as string).split('\n')[0]).toBe('main(test_mode=False)');
    expect((api.tasks as unknown[][])[0]).toEqual([
      'register_agent',
      { op_name: 'register_agent', status: 'no_history' },
      { blocking: false, abortable: false, docstring: null, op_type: 'task', min_privs: 1 },
    ]);
  });

  it('heartbeats {main: 1, register_agent: 1} on join (before startup ops), then main: 3', async () => {
    const isRegistryBeat = (m: WampMessage) => m[0] === 36 && m[1] === heartbeatSub && (m[3] as { topic: string }).topic === 'observatory.registry.feeds.heartbeat';
    const codes = (m: WampMessage) => (m[4] as unknown[][])[0][0];
    expect(codes(await client.next(isRegistryBeat, 'registry heartbeat'))).toEqual({ main: 1, register_agent: 1 });
    const later = await client.next((m) => isRegistryBeat(m) && (codes(m) as { main: number }).main !== 1, 'a later registry heartbeat');
    expect(codes(later)).toEqual({ main: 3, register_agent: 1 });
  });

  it('answers the deprecated register_agent task', async () => {
    expect((await client.callResult<Reply>(REGISTRY_OPS, ['start', 'register_agent', {}])).slice(0, 2)).toEqual([0, 'Started task "register_agent".']);
    const done = await client.callResult<Reply>(REGISTRY_OPS, ['wait', 'register_agent', {}], { timeout: null });
    expect(done.slice(0, 2)).toEqual([0, 'Operation "register_agent" is currently not running (SUCCEEDED).']);
    expect((done[2].messages as Array<[number, string]>).map(([, t]) => t)).toContain("'register_agent' is deprecated");
  });

  it('lists agents from their heartbeats (but never itself) and publishes their op codes', async () => {
    await startFakeAgent('fake-data1');
    const data = await waitFor(async () => {
      const d = await registryData();
      return d['observatory.fake-data1']?.op_codes.acq === 3 ? d : null;
    });
    expect(Object.keys(data)).toEqual(['observatory.fake-data1']);
    const entry = data['observatory.fake-data1'];
    expect(Object.keys(entry)).toEqual(['expired', 'time_expired', 'last_updated', 'op_codes', 'agent_class', 'agent_address']);
    expect(entry).toMatchObject({ expired: false, time_expired: null, op_codes: { acq: 3, delay_task: 1 }, agent_class: 'FakeDataAgent', agent_address: 'observatory.fake-data1' });
    await waitFor(() => collectSamples().some((s) => s.field === 'observatory_fake_data1_acq' && s.code === 3), 5000, 'acq=3 sample');
    expect(collectSamples().some((s) => s.field === 'observatory_fake_data1_delay_task' && s.code === 1)).toBe(true);
  });

  it('republishes every --wait-time seconds even without changes', async () => {
    const field = 'observatory_fake_data1_delay_task';
    const before = collectSamples().filter((s) => s.field === field).length;
    const repeats = await waitFor(() => {
      const mine = collectSamples().filter((s) => s.field === field);
      return mine.length >= before + 2 ? mine.slice(before) : null;
    }, 3 * WAIT_TIME * 1000 + 2000, 'two periodic republishes');
    const gap = repeats[1].arrivedAt - repeats[0].arrivedAt;
    expect(gap).toBeGreaterThan(WAIT_TIME * 1000 - 300);
    expect(gap).toBeLessThan(WAIT_TIME * 1000 + 1300);
  });

  it('expires a silent agent 5.0–6.1 s after its last heartbeat and publishes the 7s at once', async () => {
    const agent = await startFakeAgent('fake-data2');
    const topic = 'observatory.fake-data2.feeds.heartbeat';
    const beats = () => client.events(heartbeatSub).filter((e) => (e[3] as { topic: string }).topic === topic);
    await waitFor(() => beats().length >= 2, 5000, 'fake-data2 heartbeats');
    agent.heartbeatEnabled = false;
    const firstSeven = await waitFor(() => collectSamples().find((s) => s.field === 'observatory_fake_data2_acq' && s.code === 7), 10_000, 'op code 7 for fake-data2');
    // The registry and this client get each heartbeat at the same moment; measure from the last one seen.
    const delay = (firstSeven.arrivedAt - client.arrivedAt(beats().at(-1)!)) / 1000;
    expect(delay).toBeGreaterThanOrEqual(5.0);
    expect(delay).toBeLessThan(6.1);
    expect(collectSamples().some((s) => s.field === 'observatory_fake_data2_delay_task' && s.code === 7)).toBe(true);

    const expired = (await registryData())['observatory.fake-data2'];
    expect(expired).toMatchObject({ expired: true, op_codes: { acq: 7, delay_task: 7 } });
    expect(expired.time_expired! - expired.last_updated).toBeGreaterThan(5.0);
    // Upstream re-expires every loop, so time_expired keeps advancing while the agent stays silent.
    await waitFor(async () => ((await registryData())['observatory.fake-data2'].time_expired ?? 0) > expired.time_expired!, 3000, 'time_expired refresh');
    expect((await registryData())['observatory.fake-data1'].expired).toBe(false);

    agent.heartbeatEnabled = true;
    await waitFor(() => collectSamples().some((s) => s.field === 'observatory_fake_data2_acq' && s.code === 3 && s.arrivedAt > firstSeven.arrivedAt), 5000, 'acq back to 3');
    expect((await registryData())['observatory.fake-data2']).toMatchObject({ expired: false, time_expired: null, op_codes: { acq: 3, delay_task: 1 } });
  }, 30_000);

  it('stops main on request and reports it like upstream', async () => {
    const reply = await client.callResult<Reply>(REGISTRY_OPS, ['stop', 'main', {}]);
    expect(reply.slice(0, 2)).toEqual([0, 'Requested stop on process main".']);
    const done = await client.callResult<Reply>(REGISTRY_OPS, ['wait', 'main', {}], { timeout: 5 });
    expect(done.slice(0, 2)).toEqual([0, 'Operation "main" is currently not running (SUCCEEDED).']);
    expect((done[2].messages as Array<[number, string]>).map(([, t]) => t).slice(-2)).toEqual(['Stopped registry main process', 'Status is now "done".']);
  });
});
