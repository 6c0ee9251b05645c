/**
 * Real Python WAMP clients (Debian's python3-autobahn, test/python/ocs_caller_peer.py) drive the TS
 * agent the way OCS tools do: client_t.OperationClient, ocs-web's layout, and OCSClient over /call.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcsAgent } from '../../main/ocs/agent.js';
import { silentLogger } from '../../main/ocs/logger.js';
import { param } from '../../main/ocs/params.js';
import { startRouter } from '../../main/wamp/index.js';
import { DEBIAN_PYTHON, startProcess } from '../helpers/net.js';

type Router = Awaited<ReturnType<typeof startRouter>>;
type StepLine = { step: string; reply?: [number, string, Record<string, unknown>]; result?: Record<string, unknown>; error?: string; args?: unknown[] };
const CALLER = fileURLToPath(new URL('../python/ocs_caller_peer.py', import.meta.url));

let router: Router;
let agent: OcsAgent;

beforeAll(async () => {
  router = await startRouter({ port: 0 });
  agent = new OcsAgent({ agentClass: 'FakeDataAgent', instanceId: 'fake-data1', logger: silentLogger });
  agent.registerTask('delay_task', {
    params: [param('delay', { default: 5, type: 'float' }), param('succeed', { default: true, type: 'bool' })],
    run: async (_s, params, ctx) => ((await ctx.sleep((params.delay as number) * 1000)) ? [params.succeed as boolean, 'Exited'] : [false, 'Aborted']),
    abort: true,
  });
  agent.registerProcess('acq', { run: async (_s, _p, ctx) => (await ctx.sleep(600_000), [true, 'stopped']), stop: true });
  agent.connect({ url: router.wsUrl, realm: router.realm });
  await agent.whenReady();
});

afterAll(async () => {
  await agent?.shutdown(200);
  await router?.close();
});

/** Runs the Python caller and returns its JSON step lines. */
async function runCaller(transport: 'wamp' | 'http', extra: string[], steps: string[]): Promise<StepLine[]> {
  const url = transport === 'wamp' ? router.wsUrl : router.callUrl;
  const caller = startProcess(DEBIAN_PYTHON, [CALLER, transport, '--url', url, '--realm', router.realm, '--agent', 'observatory.fake-data1', ...extra, ...steps]);
  try {
    await caller.waitForLine(/^caller done$/, 20_000);
  } finally {
    await caller.stop();
  }
  return caller.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as StepLine);
}

describe('Python OCS callers against the TS agent', () => {
  it('client_t layout over WAMP: start, wait, status, abort', async () => {
    const lines = await runCaller('wamp', [], ['start:delay_task:{"delay": 0.2}', 'wait:delay_task', 'start:delay_task:{"delay": 30}', 'abort:delay_task', 'wait:delay_task:5', 'status:nope']);
    expect(lines.map((l) => l.reply?.slice(0, 2))).toEqual([
      [0, 'Started task "delay_task".'],
      [0, 'Operation "delay_task" is currently not running (SUCCEEDED).'],
      [0, 'Started task "delay_task".'],
      [0, 'Requested abort on task delay_task".'],
      [0, 'Operation "delay_task" is currently not running (FAILED).'],
      [-1, 'No task or process called "nope"'],
    ]);
    expect(lines[1].reply![2]).toMatchObject({ session_id: 0, status: 'done', success: true, op_code: 5, cred_level: 1 });
    expect(lines[4].reply![2]).toMatchObject({ session_id: 1, op_code: 6 });
  }, 30_000);

  it('ocs-web layout over WAMP ([] as params for status/stop)', async () => {
    const lines = await runCaller('wamp', ['--layout', 'ocsweb'], ['start:acq', 'status:acq', 'stop:acq', 'wait:acq:5']);
    expect(lines.map((l) => l.reply?.slice(0, 2))).toEqual([
      [0, 'Started process "acq".'],
      [0, 'Session active.'],
      [0, 'Requested stop on process acq".'],
      [0, 'Operation "acq" is currently not running (SUCCEEDED).'],
    ]);
  }, 30_000);

  it('OCSClient layout over the HTTP bridge, with a password since get_api advertises access_control', async () => {
    const lines = await runCaller('http', ['--password', 'pw2'], ['api', 'start:delay_task:{"delay": "two"}', 'start:delay_task:{"delay": 0.1}', 'wait:delay_task']);
    expect(lines[0].result).toMatchObject({ agent_class: 'FakeDataAgent', access_control: { version: 1, policy: 'none' } });
    expect(lines[1].reply).toEqual([-1, "Param 'delay'=two is not of required type (<class 'float'>)", {}]);
    expect(lines[2].reply!.slice(0, 2)).toEqual([0, 'Started task "delay_task".']);
    expect(lines[3].reply!.slice(0, 2)).toEqual([0, 'Operation "delay_task" is currently not running (SUCCEEDED).']);
  }, 30_000);
});
