import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpCode, ResponseCode, type EncodedSession } from '../../shared/ocs-codes.js';
import { OcsAgent } from '../../main/ocs/agent.js';
import { OcsClient } from '../../main/ocs/client.js';
import { silentLogger } from '../../main/ocs/logger.js';
import { param } from '../../main/ocs/params.js';
import { startRouter, type RouterHandle } from '../../main/wamp/index.js';
import { runPythonCaller, startPythonCaller, type CallerStepResult } from '../helpers/python.js';

// A TypeScript OcsAgent driven by a Python caller (ocs_caller_peer.py): over WAMP the way
// client_t.OperationClient calls, over /call the way OCSClient does, and in ocs-web's layout.

let router: RouterHandle;
let agent: OcsAgent;

/** `count_up(n, step_s)`: counts to n, one step every step_s; abortable. `tick`: a process. */
function makeAgent(): OcsAgent {
  const ts = new OcsAgent({ agentClass: 'TsCountAgent', instanceId: 'ts-count', logger: silentLogger });
  ts.registerTask('count_up', {
    params: [param('n', { default: 3, type: 'int' }), param('step_s', { default: 0.05, type: 'float' })],
    docstring: '**Task** (abortable) - count to n.',
    abort: true,
    async run(session, params, ctx) {
      session.data = { count: 0 };
      for (let i = 1; i <= Number(params.n); i++) {
        if (!(await ctx.sleep(Number(params.step_s) * 1000))) return [false, `Aborted at ${session.data.count}`];
        session.data = { count: i };
      }
      return [true, `Counted to ${params.n}`];
    },
  });
  ts.registerProcess('tick', {
    stop: true,
    async run(session, _params, ctx) {
      let ticks = 0;
      while (await ctx.sleep(20)) session.data = { ticks: ++ticks };
      return [true, `Stopped after ${ticks} ticks`];
    },
  });
  return ts;
}

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  agent = makeAgent();
  agent.connect({ url: router.wsUrl, realm: router.realm });
  await agent.whenReady();
});
afterAll(async () => {
  await agent?.shutdown();
  await router?.close();
});

const wamp = (steps: string[], extra: { layout?: 'client_t' | 'ocsweb'; serializer?: 'json' | 'msgpack' } = {}) =>
  runPythonCaller({ transport: 'wamp', url: router.wsUrl, agent: agent.agentAddress, steps, ...extra });
const http = (steps: string[], target = agent.agentAddress) => runPythonCaller({ transport: 'http', url: router.callUrl, agent: target, steps });

function reply(result: CallerStepResult): { code: number; message: string; session: EncodedSession } {
  expect(result.error, `step ${result.step} failed: ${result.error} ${JSON.stringify(result.args)}`).toBeUndefined();
  const [code, message, session] = result.reply!;
  return { code, message, session: session as EncodedSession };
}

describe.each([
  ['WAMP (client_t layout)', (steps: string[]) => wamp(steps)],
  ['the HTTP bridge (OCSClient layout)', (steps: string[]) => http(steps)],
])('a Python caller over %s', (_name, run) => {
  it('starts a TS task, reads its status, and waits for its results', async () => {
    const [start, status, wait] = (await run(['start:count_up:{"n": 3, "step_s": 0.05}', 'status:count_up', 'wait:count_up'])).map(reply);
    expect(start.code).toBe(ResponseCode.OK);
    expect(start.message).toBe('Started task "count_up".');
    expect(start.session).toMatchObject({ op_name: 'count_up', status: 'starting', op_code: OpCode.STARTING });
    expect(status.message).toBe('Session active.');
    expect(status.session.session_id).toBe(start.session.session_id);
    expect(wait.message).toBe('Operation "count_up" is currently not running (SUCCEEDED).');
    expect(wait.session).toMatchObject({ status: 'done', success: true, op_code: OpCode.SUCCEEDED, data: { count: 3 } });
    expect(wait.session.messages.map(([, text]) => text)).toEqual([
      'Status is now "starting".',
      'Status is now "running".',
      'Counted to 3',
      'Status is now "done".',
    ]);
  });

  it('aborts a TS task, which ends FAILED with its own message', async () => {
    const steps = ['start:count_up:{"n": 1000, "step_s": 0.05}', 'wait:count_up:0.1', 'abort:count_up', 'wait:count_up', 'abort:count_up'];
    const [, shortWait, abort, wait, again] = (await run(steps)).map(reply);
    expect(shortWait.code).toBe(ResponseCode.TIMEOUT);
    expect(shortWait.message).toBe('Operation "count_up" still running; wait timed out.');
    expect(abort).toMatchObject({ code: ResponseCode.OK, message: 'Requested abort on task count_up".' });
    expect(wait.message).toBe('Operation "count_up" is currently not running (FAILED).');
    expect(wait.session).toMatchObject({ success: false, op_code: OpCode.FAILED });
    expect(wait.session.messages.map(([, text]) => text)).toContain('Status is now "stopping".');
    expect(wait.session.messages.some(([, text]) => /^Aborted at \d+$/.test(text))).toBe(true);
    expect(again).toMatchObject({ code: ResponseCode.ERROR, message: 'The operation is already done' });
  });

  it('starts and stops a TS process', async () => {
    const [start, stop, wait] = (await run(['start:tick', 'stop:tick', 'wait:tick'])).map(reply);
    expect(start.message).toBe('Started process "tick".');
    expect(stop.message).toBe('Requested stop on process tick".');
    expect(wait.session).toMatchObject({ op_name: 'tick', success: true, op_code: OpCode.SUCCEEDED });
    expect(wait.session.messages.some(([, text]) => /^Stopped after \d+ ticks$/.test(text))).toBe(true);
  });

  it('gets OCS refusals for unknown ops, bad params and wrong actions', async () => {
    const [unknown, badParams, wrongAction] = (await run(['start:nope', 'start:count_up:{"n": "many"}', 'stop:count_up'])).map(reply);
    expect(unknown).toEqual({ code: ResponseCode.ERROR, message: 'No task or process called "nope"', session: {} });
    expect(badParams.code).toBe(ResponseCode.ERROR);
    expect(badParams.message).toMatch(/^Param 'n'=many is not of required type/);
    expect(wrongAction).toMatchObject({ code: ResponseCode.ERROR, session: {} });
    // Upstream prints a literal "{op_type}" (f-string slip); the TS runtime names the type instead.
    expect(wrongAction.message).toMatch(/^Cannot "stop" "count_up" because it is a "(task|\{op_type\})"\.$/);
  });
});

describe('a Python caller and the TS agent together', () => {
  it('reads get_api from the TS agent', async () => {
    const [api] = await wamp(['api']);
    const result = api.result as { agent_class: string; tasks: Array<[string, unknown, { abortable: boolean }]>; processes: Array<[string]> };
    expect(result.agent_class).toBe('TsCountAgent');
    expect(result.tasks.map(([name, , info]) => [name, info.abortable])).toEqual([['count_up', true]]);
    expect(result.processes.map(([name]) => name)).toEqual(['tick']);
  });

  it('speaks ocs-web\'s layout ([action, op, params], [] for status) over msgpack', async () => {
    const [start, status, wait] = (await wamp(['start:count_up:{"n": 1}', 'status:count_up', 'wait:count_up'], { layout: 'ocsweb', serializer: 'msgpack' })).map(reply);
    expect(start.code).toBe(ResponseCode.OK);
    expect(status.message).toBe('Session active.');
    expect(wait.session).toMatchObject({ success: true, data: { count: 1 } });
  });

  it('sees a TS client abort the task its Python wait is blocked on', async () => {
    const caller = startPythonCaller({ transport: 'http', url: router.callUrl, agent: agent.agentAddress, steps: ['start:count_up:{"n": 1000}', 'wait:count_up'] });
    expect(reply(await caller.result(0)).code).toBe(ResponseCode.OK);
    const client = await OcsClient.overWamp(agent.session!, agent.agentAddress);
    // Python's wait is in flight (or about to be): it must return as soon as the abort lands.
    expect((await client.tasks.count_up.abort()).status).toBe(ResponseCode.OK);
    const [, wait] = (await caller.finished()).map(reply);
    expect(wait.message).toBe('Operation "count_up" is currently not running (FAILED).');
  });

  it('gets wamp.error.no_such_procedure for an agent that is not there', async () => {
    const [status] = await http(['status:count_up'], 'observatory.nobody');
    expect(status).toMatchObject({ error: 'wamp.error.no_such_procedure', args: ['no callee registered for procedure <observatory.nobody.ops>'] });
  });
});
