import { describe, expect, it } from 'vitest';
import { OcsAgent } from '../../../../main/ocs/agent.js';
import { silentLogger } from '../../../../main/ocs/logger.js';
import { param } from '../../../../main/ocs/params.js';

function fakeDataAgent() {
  const agent = new OcsAgent({ agentClass: 'FakeDataAgent', instanceId: 'fake-data1', logger: silentLogger });
  agent.registerTask('delay_task', {
    params: [param('delay', { default: 5, type: 'float' }), param('succeed', { default: true, type: 'bool' })],
    docstring: '**Task** (abortable) - Sleep (delay) for the requested number of seconds.',
    run: async (_s, params, ctx) => ((await ctx.sleep(Number(params.delay) * 1000)) ? [Boolean(params.succeed), 'Exited'] : [false, 'Aborted']),
    abort: true,
  });
  agent.registerProcess('acq', { run: async (_s, _p, ctx) => (await ctx.sleep(60_000), [true, 'Acquisition exited cleanly.']), stop: true, blocking: true });
  agent.registerFeed('false_temperatures', { record: true, aggParams: { frame_length: 60 }, bufferTime: 1 });
  return agent;
}

describe('OcsAgent identity', () => {
  it('builds its address and a str(time.time()) session id', () => {
    const agent = fakeDataAgent();
    expect(agent.agentAddress).toBe('observatory.fake-data1');
    expect(agent.agentSessionId).toMatch(/^\d{10}(\.\d+)?$/);
    expect(() => new OcsAgent({ agentClass: 'X', instanceId: 'a.b' })).toThrow(/must not contain/);
  });
});

describe('OcsAgent.handleOpsCall', () => {
  it('answers all three caller layouts', async () => {
    const agent = fakeDataAgent();
    const http = await agent.handleOpsCall(['start', 'delay_task', { delay: 0.01 }], {});
    expect(http.slice(0, 2)).toEqual([0, 'Started task "delay_task".']);
    const wampClient = await agent.handleOpsCall(['wait', 'delay_task'], { params: null, timeout: null });
    expect(wampClient.slice(0, 2)).toEqual([0, 'Operation "delay_task" is currently not running (SUCCEEDED).']);
    const web = await agent.handleOpsCall(['status', 'delay_task', []], { password: 'secret' });
    expect(web.slice(0, 2)).toEqual([0, 'Session active.']);
  });

  it('reports an unknown action with the op name, as upstream', async () => {
    const agent = fakeDataAgent();
    expect(await agent.handleOpsCall(['restart', 'acq'], {})).toEqual([-1, 'No implementation for "acq"', {}]);
  });

  it('rejects unexpected kwargs with the Python TypeError text', async () => {
    const agent = fakeDataAgent();
    await expect(agent.handleOpsCall(['status', 'acq'], { bogus: 1 })).rejects.toMatchObject({
      uri: 'wamp.error.runtime_error',
      args: ["OCSAgent._ops_handler() got an unexpected keyword argument 'bogus'"],
    });
  });
});

describe('OcsAgent.handleManagementCall', () => {
  it('describes the agent in get_api with upstream keys and order', () => {
    const agent = fakeDataAgent();
    const api = agent.handleManagementCall(['get_api']) as Record<string, unknown>;
    expect(Object.keys(api)).toEqual(['agent_class', 'instance_hostname', 'instance_pid', 'feeds', 'processes', 'tasks', 'access_control']);
    expect(api.agent_class).toBe('FakeDataAgent');
    expect(api.instance_pid).toBe(process.pid);
    expect(api.processes).toEqual([
      ['acq', { op_name: 'acq', status: 'no_history' }, { blocking: true, docstring: 'acq()', op_type: 'process', min_privs: 1 }],
    ]);
    expect(api.tasks).toEqual([
      [
        'delay_task',
        { op_name: 'delay_task', status: 'no_history' },
        {
          blocking: false,
          abortable: true,
          docstring: 'delay_task(delay=5, succeed=True)\n\n**Task** (abortable) - Sleep (delay) for the requested number of seconds.',
          op_type: 'task',
          min_privs: 1,
        },
      ],
    ]);
    expect(api.access_control).toMatchObject({ version: 1, policy: 'none', update_count: 0, step: 0 });
    expect(api.feeds).toEqual([['false_temperatures', agent.feed('false_temperatures')!.encoded()]]);
  });

  it('answers the other queries and null for anything else', () => {
    const agent = fakeDataAgent();
    expect(agent.handleManagementCall(['get_agent_class'])).toBe('FakeDataAgent');
    expect((agent.handleManagementCall([], { q: 'get_tasks' }) as unknown[][]).map((t) => t[0])).toEqual(['delay_task']);
    expect((agent.handleManagementCall(['get_processes']) as unknown[][]).map((t) => t[0])).toEqual(['acq']);
    expect((agent.handleManagementCall(['get_feeds']) as unknown[][]).map((t) => t[0])).toEqual(['false_temperatures']);
    expect(agent.handleManagementCall(['what'])).toBeNull();
  });
});
