import { describe, expect, it } from 'vitest';
import { ClientErrorUri, OcsCallError, OcsClient, type OcsTransport } from '../../../../main/ocs/client.js';
import { httpOpsArguments } from '../../../../main/ocs/client-transport.js';

interface Sent {
  procedure: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** A transport that answers get_api with `api` and every ops call with `answer(sent)`. */
function fakeTransport(api: Record<string, unknown>, answer: (sent: Sent) => unknown = () => [0, 'ok', {}]): OcsTransport & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    kind: 'http',
    sent,
    opsArguments: httpOpsArguments,
    async call(procedure, args, kwargs = {}) {
      sent.push({ procedure, args, kwargs });
      return procedure.endsWith('.ops') ? answer({ procedure, args, kwargs }) : api;
    },
  };
}

const info = (op_type: 'task' | 'process', docstring: string | null = null) => ({ op_type, blocking: false, docstring, min_privs: 1 });
const API = {
  agent_class: 'HostManager',
  tasks: [
    ['update-config', { op_name: 'update-config', status: 'no_history' }, { ...info('task', 'update-config(force=False)\n\nReload.'), abortable: false }],
    ['die', { op_name: 'die', status: 'no_history' }, { ...info('task'), abortable: true }],
  ],
  processes: [['manager loop', { op_name: 'manager loop', status: 'no_history' }, info('process')]],
  feeds: [],
};

describe('OcsClient op discovery', () => {
  it('exposes ops under Python attribute names and calls them by wire name', async () => {
    const transport = fakeTransport(API);
    const client = await OcsClient.connect(transport, 'observatory.hm');
    expect(transport.sent[0]).toEqual({ procedure: 'observatory.hm', args: ['get_api'], kwargs: {} });
    expect(Object.keys(client.tasks)).toEqual(['update_config', 'die']);
    expect(Object.keys(client.processes)).toEqual(['manager_loop']);
    expect(client.tasks.update_config.name).toBe('update-config');
    expect(client.tasks.update_config.docstring).toBe('update-config(force=False)\n\nReload.');

    await client.tasks.update_config.start({ force: true });
    expect(transport.sent.at(-1)).toEqual({ procedure: 'observatory.hm.ops', args: ['start', 'update-config', { force: true }], kwargs: {} });
    await client.processes.manager_loop.stop();
    expect(transport.sent.at(-1)!.args).toEqual(['stop', 'manager loop', {}]);
  });

  it('finds an op by either name, and names the known ops when it cannot', async () => {
    const client = await OcsClient.connect(fakeTransport(API), 'observatory.hm');
    expect(client.task('update-config')).toBe(client.task('update_config'));
    expect(client.process('manager loop').kind).toBe('process');
    expect(() => client.task('manager loop')).toThrow('observatory.hm has no task "manager loop" (its tasks: update-config, die)');
    expect(() => client.task('toString')).toThrow(OcsCallError);
    let error: unknown;
    try {
      client.process('nope');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ uri: ClientErrorUri.unknownOperation });
  });

  it('rebuilds its ops on refresh', async () => {
    let api: Record<string, unknown> = API;
    const transport: OcsTransport = { ...fakeTransport(API), call: async () => api };
    const client = await OcsClient.connect(transport, 'observatory.hm');
    api = { agent_class: 'HostManager', tasks: [], processes: [['manager', {}, info('process')]] };
    await client.refresh();
    expect(Object.keys(client.tasks)).toEqual([]);
    expect(Object.keys(client.processes)).toEqual(['manager']);
  });
});

describe('OcsClient replies', () => {
  it('types the wire reply and maps {} to a null session', async () => {
    const client = await OcsClient.connect(fakeTransport(API, () => [-1, 'No session active.', {}]), 'observatory.hm');
    expect(await client.tasks.die.abort()).toEqual({ status: -1, message: 'No session active.', session: null });
  });

  it('run() returns a refused start without waiting', async () => {
    const transport = fakeTransport(API, () => [-1, 'Operation "die" already in progress.', {}]);
    const client = await OcsClient.connect(transport, 'observatory.hm');
    expect((await client.tasks.die.run()).message).toBe('Operation "die" already in progress.');
    expect(transport.sent.filter((s) => s.procedure.endsWith('.ops')).map((s) => s.args[0])).toEqual(['start']);
  });

  it('run() waits without timeout after a successful start', async () => {
    const transport = fakeTransport(API, (sent) => (sent.args[0] === 'start' ? [0, 'Started task "die".', {}] : [0, 'done', {}]));
    const client = await OcsClient.connect(transport, 'observatory.hm');
    expect((await client.tasks.die.run({ disown: true })).message).toBe('done');
    expect(transport.sent.at(-1)).toEqual({ procedure: 'observatory.hm.ops', args: ['wait', 'die', {}], kwargs: { timeout: null } });
  });

  it('rejects a malformed reply as client.error.invalid_reply', async () => {
    const client = await OcsClient.connect(fakeTransport(API, () => 'ok'), 'observatory.hm');
    await expect(client.tasks.die.status()).rejects.toMatchObject({ uri: ClientErrorUri.invalidReply });
  });
});

describe('OcsClient passwords', () => {
  const guardedApi = { ...API, access_control: { version: 1, policy: 'none' } };

  it('sends the password only to agents that advertise access_control', async () => {
    const guarded = fakeTransport(guardedApi);
    const guardedClient = await OcsClient.connect(guarded, 'observatory.hm', { password: 'pw' });
    expect(guardedClient.usesPassword).toBe(true);
    await guardedClient.tasks.die.abort();
    expect(guarded.sent.at(-1)!.kwargs).toEqual({ password: 'pw' });

    const old = fakeTransport(API);
    await (await OcsClient.connect(old, 'observatory.hm', { password: 'pw' })).tasks.die.abort();
    expect(old.sent.at(-1)!.kwargs).toEqual({});
  });

  it('sends nothing for an empty password', async () => {
    const guarded = fakeTransport(guardedApi);
    await (await OcsClient.connect(guarded, 'observatory.hm', { password: '' })).tasks.die.wait(1);
    expect(guarded.sent.at(-1)!.kwargs).toEqual({ timeout: 1 });
  });
});

describe('OcsClient management queries', () => {
  it('checks get_agent_class returns a string', async () => {
    const transport: OcsTransport = { ...fakeTransport(API), call: async (_p, args) => (args[0] === 'get_api' ? API : null) };
    const client = await OcsClient.connect(transport, 'observatory.hm');
    await expect(client.getAgentClass()).rejects.toMatchObject({ uri: ClientErrorUri.invalidReply });
  });
});
