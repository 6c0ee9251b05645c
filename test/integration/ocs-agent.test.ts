/**
 * The TS OCS agent over real sockets: the embedded WAMP router, the agent on autobahn-js, and a raw
 * WAMP JSON client so the exact frames on the wire are asserted (as captured from Python OCS, §1–§3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcsAgent } from '../../main/ocs/agent.js';
import { silentLogger } from '../../main/ocs/logger.js';
import { param } from '../../main/ocs/params.js';
import { startRouter } from '../../main/wamp/index.js';
import { waitFor } from '../helpers/net.js';
import { medianGap, RawWampClient, startRecordingProxy, type WampMessage } from './ocs-agent-helpers.js';

type Router = Awaited<ReturnType<typeof startRouter>>;
const ADDR = 'observatory.fake-data1';
const OPS = `${ADDR}.ops`;

/** A FakeDataAgent look-alike: delay_task, acq (record feed), count (startup). */
function makeFakeDataAgent(): OcsAgent {
  const agent = new OcsAgent({ agentClass: 'FakeDataAgent', instanceId: 'fake-data1', logger: silentLogger });
  agent.registerFeed('false_temperatures', { record: true, aggParams: { frame_length: 60 }, bufferTime: 0.3 });
  agent.registerProcess('acq', {
    docstring: '**Process** - Acquire data and write to the feed.',
    run: async (session, _params, ctx) => {
      let i = 0;
      do {
        const t = Date.now() / 1000;
        agent.publishToFeed('false_temperatures', { block_name: 'temps', timestamp: t, data: { channel_00: i, channel_01: -i } });
        session.data = { fields: { channel_00: i, channel_01: -i }, timestamp: t };
        i += 1;
      } while (await ctx.sleep(50));
      return [true, 'Acquisition exited cleanly.'];
    },
    stop: true,
  });
  agent.registerProcess('count', {
    run: async (session, _params, ctx) => {
      let counter = 0;
      while (await ctx.sleep(100)) session.data = { counter: ++counter, last_update: Date.now() / 1000 };
      return [true, 'Exited.'];
    },
    stop: true,
    startup: true,
  });
  agent.registerTask('delay_task', {
    params: [param('delay', { default: 5, type: 'float' }), param('succeed', { default: true, type: 'bool' })],
    docstring: '**Task** (abortable) - Sleep (delay) for the requested number of seconds.',
    run: async (session, params, ctx) => {
      const delay = params.delay as number;
      session.data = { requested_delay: delay, delay_so_far: 0 };
      const started = Date.now();
      const finished = await ctx.sleep(delay * 1000);
      const elapsed = ((Date.now() - started) / 1000).toFixed(1);
      if (!finished) return [false, `Aborted after ${elapsed} seconds`];
      return [params.succeed as boolean, `Exited after ${delay} seconds`];
    },
    abort: true,
  });
  return agent;
}

let router: Router;
let agent: OcsAgent;
let client: RawWampClient;

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  agent = makeFakeDataAgent();
  agent.connect({ url: router.wsUrl, realm: router.realm, reconnect: { initialDelayMs: 100 } });
  await agent.whenReady();
  client = await RawWampClient.connect(router.wsUrl, router.realm);
});

afterAll(async () => {
  client?.close();
  await agent?.shutdown(500);
  await router?.close();
});

/** The single positional YIELD/RESULT arg, checking the frame carries exactly `[[code, msg, session]]` and no kwargs. */
function replyOf(frame: WampMessage): [number, string, Record<string, unknown>] {
  expect(frame[0]).toBe(50);
  expect(frame).toHaveLength(4);
  const args = frame[3] as unknown[];
  expect(args).toHaveLength(1);
  expect(args[0]).toHaveLength(3);
  return args[0] as [number, string, Record<string, unknown>];
}

describe('join sequence', () => {
  it('registers {addr}.ops then {addr} with {} options, heartbeats at once, then subscribes', async () => {
    const proxy = await startRecordingProxy(router.wsUrl);
    const probe = new OcsAgent({ agentClass: 'ProbeAgent', instanceId: 'probe', logger: silentLogger });
    probe.registerTask('noop', { run: () => [true, 'ok'] });
    probe.subscribeOnStart(() => {}, 'observatory..feeds.heartbeat', { match: 'wildcard' });
    probe.connect({ url: proxy.url, realm: router.realm });
    await probe.whenReady();
    const kinds = proxy.sent.map((m) => m[0]);
    expect(kinds.slice(0, 5)).toEqual([1, 64, 64, 16, 32]);
    expect(proxy.sent[1].slice(2)).toEqual([{}, 'observatory.probe.ops']);
    expect(proxy.sent[2].slice(2)).toEqual([{}, 'observatory.probe']);
    expect(proxy.sent[3].slice(2)).toEqual([
      {},
      'observatory.probe.feeds.heartbeat',
      [
        [
          { noop: 1 },
          {
            agent_address: 'observatory.probe',
            agg_params: {},
            feed_name: 'heartbeat',
            address: 'observatory.probe.feeds.heartbeat',
            record: false,
            session_id: probe.agentSessionId,
            agent_class: 'ProbeAgent',
          },
        ],
      ],
    ]);
    expect(proxy.sent[4].slice(2)).toEqual([{ match: 'wildcard' }, 'observatory..feeds.heartbeat']);

    // The agent's own YIELD carries the reply as one positional arg: [70, id, {}, [[code, msg, session]]].
    await client.call('observatory.probe.ops', ['status', 'noop', {}]);
    const yielded = await waitFor(() => proxy.sent.find((m) => m[0] === 70), 5000, 'YIELD');
    expect(yielded).toEqual([70, expect.any(Number), {}, [[0, 'No session active.', {}]]]);

    // call_op: agent-to-agent calls use args [action, op] and kwargs {params, timeout}.
    const viaCallOp = await probe.callOp(ADDR, 'delay_task', 'status');
    expect(viaCallOp[0]).toBe(0);
    expect(['No session active.', 'Session active.']).toContain(viaCallOp[1]);
    expect(proxy.sent.find((m) => m[0] === 48)!.slice(2)).toEqual([{}, `${ADDR}.ops`, ['status', 'delay_task'], { params: null, timeout: null }]);
    await probe.shutdown(100);
    await proxy.close();
  });

  it('launches startup ops on join', async () => {
    const status = await client.callResult<[number, string, Record<string, unknown>]>(OPS, ['status', 'count', {}]);
    expect(status[0]).toBe(0);
    expect(status[2]).toMatchObject({ op_name: 'count', status: 'running', op_code: 3 });
  });
});

describe('operation RPC on the wire', () => {
  it('start / status / wait of a task with exact texts and session fields', async () => {
    const started = replyOf(await client.call(OPS, ['start', 'delay_task', { delay: 0.3 }]));
    expect(started[0]).toBe(0);
    expect(started[1]).toBe('Started task "delay_task".');
    expect(Object.keys(started[2])).toEqual([
      'session_id', 'op_name', 'op_code', 'cred_level', 'status', 'degraded', 'success', 'start_time', 'end_time', 'data', 'messages',
    ]);
    expect(started[2]).toMatchObject({ op_name: 'delay_task', op_code: 2, cred_level: 1, status: 'starting', degraded: false, success: null, end_time: null, data: {} });
    expect(started[2].messages).toEqual([[started[2].start_time, 'Status is now "starting".']]);

    const again = replyOf(await client.call(OPS, ['start', 'delay_task', {}]));
    expect(again.slice(0, 2)).toEqual([-1, 'Operation "delay_task" already in progress.']);

    const status = replyOf(await client.call(OPS, ['status', 'delay_task', {}]));
    expect(status.slice(0, 2)).toEqual([0, 'Session active.']);
    expect(status[2]).toMatchObject({ status: 'running', op_code: 3, data: { requested_delay: 0.3, delay_so_far: 0 } });

    // WAMP-client layout: [action, op] + {params, timeout}
    const timedOut = replyOf(await client.call(OPS, ['wait', 'delay_task'], { params: null, timeout: 0.05 }));
    expect(timedOut.slice(0, 2)).toEqual([1, 'Operation "delay_task" still running; wait timed out.']);
    // HTTP-bridge layout: [action, op, params] + {timeout: null}
    const done = replyOf(await client.call(OPS, ['wait', 'delay_task', {}], { timeout: null }));
    expect(done.slice(0, 2)).toEqual([0, 'Operation "delay_task" is currently not running (SUCCEEDED).']);
    expect(done[2]).toMatchObject({ status: 'done', success: true, op_code: 5 });
    expect(typeof done[2].end_time).toBe('number');
    expect((done[2].messages as Array<[number, string]>).map(([, t]) => t)).toEqual([
      'Status is now "starting".',
      'Status is now "running".',
      'Exited after 0.3 seconds',
      'Status is now "done".',
    ]);
  });

  it('abort of a task and stop of a process: immediate ack, then stopping, then done', async () => {
    replyOf(await client.call(OPS, ['start', 'delay_task'], { params: { delay: 30 }, timeout: null }));
    await waitFor(async () => replyOf(await client.call(OPS, ['status', 'delay_task', {}]))[2].status === 'running');
    // ocs-web layout: [action, op, []] + {password}; the password is accepted under policy "none".
    const abort = replyOf(await client.call(OPS, ['abort', 'delay_task', []], { password: 'pw' }));
    expect(abort.slice(0, 2)).toEqual([0, 'Requested abort on task delay_task".']);
    const aborted = replyOf(await client.call(OPS, ['wait', 'delay_task', {}], { timeout: 5 }));
    expect(aborted.slice(0, 2)).toEqual([0, 'Operation "delay_task" is currently not running (FAILED).']);
    expect(aborted[2]).toMatchObject({ op_code: 6, success: false });
    const texts = (aborted[2].messages as Array<[number, string]>).map(([, t]) => t);
    expect(texts.slice(2)).toEqual(['Status is now "stopping".', 'Aborted after 0.0 seconds', 'Status is now "done".']);

    expect(replyOf(await client.call(OPS, ['stop', 'delay_task', {}]))).toEqual([-1, 'Cannot "stop" "delay_task" because it is a "task".', {}]);
    expect(replyOf(await client.call(OPS, ['stop', 'acq', {}]))).toEqual([-1, 'No session active.', {}]);
    expect(replyOf(await client.call(OPS, ['abort', 'delay_task', {}]))).toEqual([-1, 'The operation is already done', {}]);

    const stop = replyOf(await client.call(OPS, ['stop', 'count', []]));
    expect(stop.slice(0, 2)).toEqual([0, 'Requested stop on process count".']);
    const stopped = replyOf(await client.call(OPS, ['wait', 'count', {}], { timeout: 5 }));
    expect(stopped.slice(0, 2)).toEqual([0, 'Operation "count" is currently not running (SUCCEEDED).']);
    expect(stopped[2]).toMatchObject({ session_id: 0 });
  });

  it('rejects bad params and leaves no session behind (status "No session active.")', async () => {
    const bad = replyOf(await client.call(OPS, ['start', 'delay_task', { delay: 'two' }]));
    expect(bad).toEqual([-1, "Param 'delay'=two is not of required type (<class 'float'>)", {}]);
    expect(replyOf(await client.call(OPS, ['status', 'delay_task', {}]))).toEqual([0, 'No session active.', {}]);
    expect(replyOf(await client.call(OPS, ['start', 'delay_task', { dela: 1 }]))).toEqual([-1, "params included unexpected values: ['dela']", {}]);
    expect(replyOf(await client.call(OPS, ['wait', 'delay_task', {}]))).toEqual([0, 'Idle.', {}]);
  });

  it('answers unknown ops and actions with upstream texts', async () => {
    expect(replyOf(await client.call(OPS, ['start', 'nope', {}]))).toEqual([-1, 'No task or process called "nope"', {}]);
    expect(replyOf(await client.call(OPS, ['wait', 'nope', {}]))).toEqual([-1, 'Unknown operation "nope".', {}]);
    expect(replyOf(await client.call(OPS, ['stop', 'nope', {}]))).toEqual([-1, 'No operation called "nope".', {}]);
    expect(replyOf(await client.call(OPS, ['dance', 'acq', {}]))).toEqual([-1, 'No implementation for "acq"', {}]);
  });

  it('returns wamp.error.runtime_error with the Python TypeError text for unknown kwargs', async () => {
    const error = await client.call(OPS, ['status', 'acq'], { bogus: 1 });
    expect(error.slice(0, 2)).toEqual([8, 48]);
    expect(error.slice(3)).toEqual([{}, 'wamp.error.runtime_error', ["OCSAgent._ops_handler() got an unexpected keyword argument 'bogus'"]]);
  });
});

describe('management RPC', () => {
  it('describes the agent in get_api', async () => {
    const api = await client.callResult<Record<string, unknown>>(ADDR, ['get_api']);
    expect(Object.keys(api)).toEqual(['agent_class', 'instance_hostname', 'instance_pid', 'feeds', 'processes', 'tasks', 'access_control']);
    expect(api).toMatchObject({ agent_class: 'FakeDataAgent', instance_pid: process.pid });
    expect((api.feeds as unknown[][]).map((f) => f[0])).toEqual(['false_temperatures', 'heartbeat']);
    expect((api.feeds as unknown[][])[0][1]).toEqual({
      agent_address: ADDR,
      agg_params: { frame_length: 60 },
      feed_name: 'false_temperatures',
      address: `${ADDR}.feeds.false_temperatures`,
      record: true,
      session_id: agent.agentSessionId,
      agent_class: 'FakeDataAgent',
    });
    const processes = api.processes as Array<[string, Record<string, unknown>, Record<string, unknown>]>;
    expect(processes.map((p) => p[0])).toEqual(['acq', 'count']);
    expect(processes[0][2]).toEqual({ blocking: false, docstring: 'acq()\n\n**Process** - Acquire data and write to the feed.', op_type: 'process', min_privs: 1 });
    const tasks = api.tasks as Array<[string, Record<string, unknown>, Record<string, unknown>]>;
    expect(tasks[0][0]).toBe('delay_task');
    expect(Object.keys(tasks[0][2])).toEqual(['blocking', 'abortable', 'docstring', 'op_type', 'min_privs']);
    expect((tasks[0][2].docstring as string).split('\n')[0]).toBe('delay_task(delay=5, succeed=True)');
    expect(api.access_control).toMatchObject({ version: 1, policy: 'none', update_count: 0, step: 0 });
  });

  it('answers get_agent_class, get_feeds and null for unknown queries', async () => {
    expect(await client.callResult(ADDR, ['get_agent_class'])).toBe('FakeDataAgent');
    expect(((await client.callResult(ADDR, [], { q: 'get_feeds' })) as unknown[][]).map((f) => f[0])).toEqual(['false_temperatures', 'heartbeat']);
    const unknown = await client.call(ADDR, ['get_nothing']);
    expect(unknown.slice(3)).toEqual([[null]]);
  });
});

describe('subscriptions', () => {
  it('subscribe() delivers args, kwargs and topic, and skips a topic already subscribed unless forced', async () => {
    const seen: Array<{ args: unknown[]; kwargs: Record<string, unknown>; topic: string }> = [];
    const subscription = await agent.subscribe((args, kwargs, details) => seen.push({ args, kwargs, topic: details.topic }), 'observatory.other.feeds.', { match: 'wildcard' });
    expect(subscription).not.toBe(false);
    expect(await agent.subscribe(() => {}, 'observatory.other.feeds.', { match: 'wildcard' })).toBe(false);
    client.publish('observatory.other.feeds.temps', [[{ a: 1 }, { feed_name: 'temps' }]]);
    await waitFor(() => seen.length > 0, 5000, 'event at the agent');
    expect(seen[0]).toEqual({ args: [[{ a: 1 }, { feed_name: 'temps' }]], kwargs: {}, topic: 'observatory.other.feeds.temps' });
  });
});

describe('feeds', () => {
  it('heartbeats at 1 Hz as [[{op: code}, feed_info]] with details.topic on wildcard delivery', async () => {
    const sub = await client.subscribe('observatory..feeds.heartbeat', { match: 'wildcard' });
    const mine = () => client.events(sub).filter((e) => (e[3] as { topic?: string }).topic === `${ADDR}.feeds.heartbeat`);
    const stamps: number[] = [];
    await waitFor(() => {
      if (mine().length > stamps.length) stamps.push(Date.now());
      return mine().length >= 4;
    }, 8000, '4 heartbeats', 5);
    const median = medianGap(stamps);
    expect(median).toBeGreaterThan(850);
    expect(median).toBeLessThan(1150);
    const [, , , , args, kwargs] = mine()[0];
    expect(kwargs).toBeUndefined();
    const [[codes, info]] = args as [[Record<string, number>, Record<string, unknown>]];
    expect(Object.keys(codes)).toEqual(['acq', 'count', 'delay_task']);
    expect(Object.values(codes).every((c) => c >= 1 && c <= 8)).toBe(true);
    expect(info).toEqual({
      agent_address: ADDR,
      agg_params: {},
      feed_name: 'heartbeat',
      address: `${ADDR}.feeds.heartbeat`,
      record: false,
      session_id: agent.agentSessionId,
      agent_class: 'FakeDataAgent',
    });
  });

  it('publishes record feeds as a dict of blocks {block_name, data, timestamps}', async () => {
    const sub = await client.subscribe(`${ADDR}.feeds.false_temperatures`);
    replyOf(await client.call(OPS, ['start', 'acq', {}]));
    const event = await client.next((m) => m[0] === 36 && m[1] === sub, 'a false_temperatures frame', 5000);
    replyOf(await client.call(OPS, ['stop', 'acq', {}]));
    const [[frame, info]] = event[4] as [[Record<string, { block_name: string; data: Record<string, unknown[]>; timestamps: number[] }>, Record<string, unknown>]];
    expect(Object.keys(frame)).toEqual(['temps']);
    const block = frame.temps;
    expect(Object.keys(block)).toEqual(['block_name', 'data', 'timestamps']);
    expect(block.block_name).toBe('temps');
    expect(Object.keys(block.data)).toEqual(['channel_00', 'channel_01']);
    expect(block.timestamps.length).toBeGreaterThanOrEqual(2);
    expect(block.data.channel_00).toHaveLength(block.timestamps.length);
    expect(block.data.channel_01).toEqual(block.data.channel_00.map((v) => -(v as number) || 0));
    expect(info).toMatchObject({ feed_name: 'false_temperatures', record: true, agg_params: { frame_length: 60 } });
    const stopped = replyOf(await client.call(OPS, ['wait', 'acq', {}], { timeout: 5 }));
    expect(stopped.slice(0, 2)).toEqual([0, 'Operation "acq" is currently not running (SUCCEEDED).']);
  });
});
