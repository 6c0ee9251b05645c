import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpCode, type FeedInfo } from '../../shared/ocs-codes.js';
import { OcsClient } from '../../main/ocs/client.js';
import { startRouter, type RouterHandle } from '../../main/wamp/index.js';
import { openSession, type OpenSession } from '../helpers/autobahn.js';
import { waitFor } from '../helpers/net.js';
import { startPythonAgent, type PythonAgent } from '../helpers/python.js';

// The Python stand-in agent itself: other tests (registry, UI) rely on its heartbeat being the
// exact OCS format and on being able to silence it, so pin both down here.

interface Heartbeat {
  at: number;
  args: unknown[];
  kwargs: unknown;
}

let router: RouterHandle;
let agent: PythonAgent;
let listener: OpenSession;
const beats: Heartbeat[] = [];

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  listener = await openSession(router.wsUrl);
  // Subscribe before the agent starts, so its very first heartbeat is seen too.
  await listener.session.subscribe('observatory.hb-agent.feeds.heartbeat', (args, kwargs) => void beats.push({ at: Date.now(), args: args ?? [], kwargs }));
  agent = await startPythonAgent({ url: router.wsUrl, instanceId: 'hb-agent', agentClass: 'HeartbeatPeer' });
});
afterAll(async () => {
  await agent?.stop();
  await listener?.close();
  await router?.close();
});

/** The op codes of the next heartbeat to arrive after now. */
async function nextBeat(timeoutMs = 5_000): Promise<Record<string, number>> {
  const seen = beats.length;
  const beat = await waitFor(() => beats[seen], timeoutMs, 'the next heartbeat');
  return (beat.args[0] as [Record<string, number>, FeedInfo])[0];
}

describe('ocs_agent_peer.py', () => {
  it('publishes [[{op: op_code}, feed_info]] on its heartbeat feed, about once a second', async () => {
    await waitFor(() => beats.length >= 3, 6_000, 'three heartbeats');
    const [first] = beats;
    expect(first.args).toHaveLength(1);
    expect(first.kwargs ?? {}).toEqual({});
    const [codes, info] = first.args[0] as [Record<string, number>, FeedInfo];
    expect(codes).toEqual({ count: OpCode.NONE, set_heartbeat: OpCode.NONE, delay_task: OpCode.NONE });
    expect(info).toEqual({
      agent_address: 'observatory.hb-agent',
      agg_params: {},
      feed_name: 'heartbeat',
      address: 'observatory.hb-agent.feeds.heartbeat',
      record: false,
      session_id: expect.stringMatching(/^\d+\.\d+$/),
      agent_class: 'HeartbeatPeer',
    });
    const gaps = beats.slice(1, 3).map((beat, i) => beat.at - beats[i].at);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThan(500);
      expect(gap).toBeLessThan(1_800);
    }
  });

  it('reports a running task in its heartbeat, then its outcome', async () => {
    const client = await OcsClient.overHttp(router.callUrl, agent.address);
    await client.tasks.delay_task.start({ delay: 30 });
    await waitFor(async () => (await nextBeat()).delay_task === OpCode.RUNNING, 5_000, 'a RUNNING heartbeat');
    await client.tasks.delay_task.abort();
    await client.tasks.delay_task.wait();
    expect((await nextBeat()).delay_task).toBe(OpCode.FAILED);
  });

  it('stops its heartbeat through set_heartbeat and resumes on SIGUSR1, staying connected', async () => {
    const client = await OcsClient.overWamp(listener.session, agent.address);
    const off = await client.tasks.set_heartbeat.run({ heartbeat: false });
    expect(off.session).toMatchObject({ success: true, op_code: OpCode.SUCCEEDED });
    await agent.waitForLine(/^heartbeat off$/);
    const silentFrom = beats.length;
    // Proving silence needs a window: 2.5 heartbeat periods.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(beats.length).toBe(silentFrom);
    expect((await client.tasks.delay_task.status()).status).toBe(0);

    expect(await agent.toggleHeartbeat()).toBe('on');
    expect((await nextBeat(3_000)).set_heartbeat).toBe(OpCode.SUCCEEDED);
  });
});
