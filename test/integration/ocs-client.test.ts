import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpCode, ResponseCode } from '../../shared/ocs-codes.js';
import { ClientErrorUri, OcsCallError, OcsClient, WampErrorUri } from '../../main/ocs/client.js';
import { startRouter, type RouterHandle } from '../../main/wamp/index.js';
import { openSession, type OpenSession } from '../helpers/autobahn.js';
import { startPythonAgent, type PythonAgent } from '../helpers/python.js';

// OcsClient against the Python stand-in agent (real OCS reply strings), through the real router,
// once per transport. Each transport gets its own agent so op state does not leak between them.

let router: RouterHandle;
let wamp: OpenSession;
const agents: Record<'wamp' | 'http', PythonAgent> = {} as never;

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  [agents.wamp, agents.http, wamp] = await Promise.all([
    startPythonAgent({ url: router.wsUrl, instanceId: 'fake-wamp' }),
    startPythonAgent({ url: router.wsUrl, instanceId: 'fake-http' }),
    openSession(router.wsUrl),
  ]);
});
afterAll(async () => {
  await Promise.all(Object.values(agents).map((agent) => agent?.stop()));
  await wamp?.close();
  await router?.close();
});

const connect = {
  wamp: (address: string, password?: string) => OcsClient.overWamp(wamp.session, address, { password }),
  http: (address: string, password?: string) => OcsClient.overHttp(router.callUrl, address, { password }),
};

/** The layout Python's counterpart of each transport sends (spec §1.2). */
const expectedLayout = {
  wamp: {
    start: { args: ['start', 'delay_task'], kwargs: { params: { delay: 0.4 }, timeout: null } },
    wait: { args: ['wait', 'delay_task'], kwargs: { params: null, timeout: null } },
  },
  http: {
    start: { args: ['start', 'delay_task', { delay: 0.4 }], kwargs: {} },
    wait: { args: ['wait', 'delay_task', {}], kwargs: { timeout: null } },
  },
};

describe.each(['wamp', 'http'] as const)('OcsClient over %s, driving a Python agent', (transport) => {
  let client: OcsClient;
  beforeAll(async () => {
    client = await connect[transport](agents[transport].address);
  });

  it('discovers the agent class and its ops through get_api', () => {
    expect(client.agentClass).toBe('FakeDataAgent');
    expect(client.transport.kind).toBe(transport);
    expect(Object.keys(client.tasks).sort()).toEqual(['delay_task', 'set_heartbeat']);
    expect(Object.keys(client.processes)).toEqual(['count']);
    expect(client.tasks.delay_task.docstring).toMatch(/^delay_task\(delay=5, succeed=True\)/);
    expect(client.tasks.delay_task.info.abortable).toBe(true);
    expect(client.usesPassword).toBe(false);
  });

  it('starts a task, sees it running, times out a short wait, then waits for success', async () => {
    const task = client.task('delay_task');
    const started = await task.start({ delay: 0.4 });
    expect(started).toMatchObject({ status: ResponseCode.OK, message: 'Started task "delay_task".' });
    expect(started.session).toMatchObject({ op_name: 'delay_task', status: 'starting', op_code: OpCode.STARTING, success: null });

    const short = await task.wait(0.05);
    expect(short.status).toBe(ResponseCode.TIMEOUT);
    expect(short.message).toBe('Operation "delay_task" still running; wait timed out.');

    const status = await task.status();
    expect(status).toMatchObject({ status: ResponseCode.OK, message: 'Session active.' });
    expect(status.session).toMatchObject({ status: 'running', op_code: OpCode.RUNNING, data: { requested_delay: 0.4 } });

    const done = await task.wait();
    expect(done.message).toBe('Operation "delay_task" is currently not running (SUCCEEDED).');
    expect(done.session).toMatchObject({ status: 'done', success: true, op_code: OpCode.SUCCEEDED, session_id: started.session!.session_id });
    expect(done.session!.messages.map(([, text]) => text)).toEqual([
      'Status is now "starting".',
      'Status is now "running".',
      'Exited after 0.4 seconds',
      'Status is now "done".',
    ]);
    expect(done.session!.end_time).toBeGreaterThanOrEqual(done.session!.start_time);
  });

  it('lays out start and wait like the Python client of the same transport', () => {
    const calls = agents[transport].opsCalls();
    const start = calls.find((call) => call.args[0] === 'start' && call.args[1] === 'delay_task');
    const wait = calls.filter((call) => call.args[0] === 'wait').at(-1);
    expect(start).toEqual(expectedLayout[transport].start);
    expect(wait).toEqual(expectedLayout[transport].wait);
  });

  it('aborts a running task, which then ends FAILED', async () => {
    const task = client.tasks.delay_task;
    const started = await task.start({ delay: 30 });
    expect(started.status).toBe(ResponseCode.OK);
    const again = await task.start({ delay: 1 });
    expect(again).toMatchObject({ status: ResponseCode.ERROR, message: 'Operation "delay_task" already in progress.' });
    expect(again.session?.session_id).toBe(started.session!.session_id);

    const abort = await task.abort();
    expect(abort).toMatchObject({ status: ResponseCode.OK, message: 'Requested abort on task delay_task".' });
    const done = await task.wait();
    expect(done.message).toBe('Operation "delay_task" is currently not running (FAILED).');
    expect(done.session).toMatchObject({ success: false, op_code: OpCode.FAILED });
    expect(done.session!.messages.map(([, text]) => text)).toContain('Status is now "stopping".');
    expect(done.session!.messages.some(([, text]) => /^Aborted after \d+\.\d seconds$/.test(text))).toBe(true);

    expect(await task.abort()).toEqual({ status: ResponseCode.ERROR, message: 'The operation is already done', session: null });
  });

  it('starts and stops a process', async () => {
    const count = client.process('count');
    expect((await count.start({ interval: 0.05 })).message).toBe('Started process "count".');
    const stop = await count.stop();
    expect(stop).toMatchObject({ status: ResponseCode.OK, message: 'Requested stop on process count".' });
    const done = await count.wait(10);
    expect(done.status).toBe(ResponseCode.OK);
    expect(done.session).toMatchObject({ op_name: 'count', success: true, op_code: OpCode.SUCCEEDED });
  });

  it('reports agent-side refusals as replies, not exceptions', async () => {
    expect(await client.request('start', 'nope')).toEqual({ status: ResponseCode.ERROR, message: 'No task or process called "nope"', session: null });
    expect(await client.request('wait', 'nope')).toEqual({ status: ResponseCode.ERROR, message: 'Unknown operation "nope".', session: null });
    expect(await client.request('stop', 'delay_task')).toEqual({
      status: ResponseCode.ERROR,
      message: 'Cannot "stop" "delay_task" because it is a "{op_type}".',
      session: null,
    });
    const badParams = await client.tasks.delay_task.start({ dela: 1 });
    expect(badParams).toEqual({ status: ResponseCode.ERROR, message: "params included unexpected values: ['dela']", session: null });
    // OCS clears the finished session before checking params, so there is none now.
    expect(await client.tasks.delay_task.status()).toEqual({ status: ResponseCode.OK, message: 'No session active.', session: null });
  });

  it('throws unknown_operation for an op that get_api does not list', () => {
    expect(() => client.task('nope')).toThrow(OcsCallError);
    expect(() => client.task('count')).toThrow(/has no task "count" \(its tasks: .*delay_task/);
    let thrown: unknown;
    try {
      client.process('nope');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ uri: ClientErrorUri.unknownOperation });
  });

  it('answers the management queries', async () => {
    expect(await client.getAgentClass()).toBe('FakeDataAgent');
    expect((await client.getTasks()).map(([name]) => name)).toEqual(['delay_task', 'set_heartbeat']);
    const [[name, session]] = await client.getProcesses();
    expect(name).toBe('count');
    expect(session).toMatchObject({ op_name: 'count', status: 'done' });
    const feeds = await client.getFeeds();
    expect(feeds).toHaveLength(1);
    expect(feeds[0][1]).toMatchObject({ feed_name: 'heartbeat', agent_address: agents[transport].address, record: false });
    // The refused start above cleared delay_task's session, so get_api shows the placeholder again.
    expect((await client.getApi()).tasks.find(([op]) => op === 'delay_task')?.[1]).toEqual({ op_name: 'delay_task', status: 'no_history' });
  });

  it('fails with a typed no_such_procedure error for an agent that is not running', async () => {
    const failure = await connect[transport]('observatory.nobody').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OcsCallError);
    expect(failure).toMatchObject({
      uri: WampErrorUri.noSuchProcedure,
      args: ['no callee registered for procedure <observatory.nobody>'],
    });
  });

  it('does not send a password to an agent without access_control', async () => {
    const withPassword = await connect[transport](agents[transport].address, 'secret');
    expect((await withPassword.tasks.delay_task.status()).status).toBe(ResponseCode.OK);
    expect(agents[transport].opsCalls().at(-1)!.kwargs).not.toHaveProperty('password');
  });
});

describe('OcsClient and access control', () => {
  let guarded: PythonAgent;
  beforeAll(async () => {
    guarded = await startPythonAgent({ url: router.wsUrl, instanceId: 'guarded', accessControl: true });
  });
  afterAll(() => guarded?.stop());

  it.each(['wamp', 'http'] as const)('sends the password over %s when get_api advertises access_control', async (transport) => {
    const client = await connect[transport](guarded.address, 'pw-2');
    expect(client.usesPassword).toBe(true);
    expect((await client.tasks.delay_task.status()).status).toBe(ResponseCode.OK);
    expect(guarded.opsCalls().at(-1)!.kwargs).toMatchObject({ password: 'pw-2' });

    const noPassword = await connect[transport](guarded.address);
    await noPassword.tasks.delay_task.status();
    expect(guarded.opsCalls().at(-1)!.kwargs).not.toHaveProperty('password');
  });
});
