import { describe, expect, it, vi } from 'vitest';
import type { AgentRow, PushChannel } from '../../../../shared/ipc.js';
import { IpcHandlerTable, type Handlers } from '../../../../main/ipc/handler-table.js';
import { IpcError } from '../../../../main/ipc/ipc-error.js';
import { DEFAULT_ALARM_RULES } from '../../../../shared/alarms.js';

const STATE = { target: { kind: 'embedded' as const }, url: 'ws://h/ws', realm: 'r', addressRoot: 'o', status: 'connected' as const, detail: null };
const ALARM = { id: 1, ruleId: 'agent-expired' as const, subject: 'a', title: 't', detail: '', guidance: '', latched: true, raisedAt: 1, clearedAt: null, ackedAt: null, ackedBy: null, finishedAt: null };
const REPLY = { status: 0, message: 'ok', session: null };
const CONFIG_ENTRY = { name: 'mine', file: '/d/testbed/configs/mine.toml', source: 'user' as const, editable: true };
const TESTBED_STATUS = {
  at: 1,
  supervisor: { installed: true, running: false, message: null, installHint: null },
  programs: [],
  agents: [],
  running: [],
  bus: { description: 'wamp ws://h/ws (r)', state: 'connected' },
  error: null,
};

/** Handlers that record what they were called with. */
function makeHandlers(overrides: Partial<Handlers> = {}): { handlers: Handlers; calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  const record = <T>(channel: string, value: T) => (request: unknown) => (calls.push([channel, request]), value);
  const handlers: Handlers = {
    'app:info': record('app:info', { version: '1', mode: 'headless' as const, serverTime: 1, memory: { rss: 1, heapUsed: 1, heapTotal: 1, external: 0, arrayBuffers: 0 } }),
    'registry:snapshot': record('registry:snapshot', [] as AgentRow[]),
    'agent:api': record('agent:api', { agent_class: 'X', instance_hostname: 'h', instance_pid: 1, feeds: [], tasks: [], processes: [] }),
    'op:start': record('op:start', REPLY),
    'op:abort': record('op:abort', REPLY),
    'op:stop': record('op:stop', REPLY),
    'op:status': record('op:status', REPLY),
    'op:wait': record('op:wait', REPLY),
    'connection:get': record('connection:get', STATE),
    'connection:set': record('connection:set', STATE),
    'smurf:info': record('smurf:info', { managerAddress: null, monitorAddress: null, scriptDirs: [] }),
    'smurf:slots': record('smurf:slots', []),
    'scripts:list': record('scripts:list', []),
    'scripts:history': record('scripts:history', []),
    'scripts:output': record('scripts:output', []),
    'smurf:datafiles': record('smurf:datafiles', []),
    'testbed:status': record('testbed:status', TESTBED_STATUS),
    'testbed:config:list': record('testbed:config:list', []),
    'testbed:config:read': record('testbed:config:read', { entry: CONFIG_ENTRY, text: '' }),
    'testbed:config:validate': record('testbed:config:validate', { ok: true, errors: [], namespace: 'ns', enabledAgents: [], workflow: null }),
    'testbed:config:save': record('testbed:config:save', CONFIG_ENTRY),
    'testbed:run': record('testbed:run', { executionId: 'stf_datataking-u-0001', namespace: 'ns', started: [], skipped: [], warnings: [] }),
    'testbed:stop-workflow': record('testbed:stop-workflow', { ok: true as const }),
    'testbed:stop-agents': record('testbed:stop-agents', { stopped: [] }),
    'testbed:agent': record('testbed:agent', TESTBED_STATUS),
    'testbed:messages': record('testbed:messages', []),
    'testbed:executions': record('testbed:executions', []),
    'fastmon:runs': record('fastmon:runs', []),
    'fastmon:tfs': record('fastmon:tfs', []),
    'fastmon:stf': record('fastmon:stf', null),
    'logs:sources': record('logs:sources', []),
    'logs:open': record('logs:open', { id: 'file:ab', kind: 'file' as const, title: 'a.log', path: '/a.log', bytes: 0, modified: null, exists: true }),
    'logs:close': record('logs:close', { ok: true as const }),
    'logs:window': record('logs:window', { sourceId: 'file:ab', lines: [], nextLine: 1, totalLines: 0, bytes: 0, indexed: true, rotations: 0, truncations: 0, rotated: false, truncated: false }),
    'logs:search': record('logs:search', { sourceId: 'file:ab', total: 0, lines: [], scannedLines: 0, elapsedMs: 0 }),
    'logs:follow': record('logs:follow', { totalLines: 0, bytes: 0, indexed: true, rotations: 0, truncations: 0 }),
    'logs:merged': record('logs:merged', { lines: [], cursor: null }),
    'logs:jump': record('logs:jump', { sourceId: 'file:ab', line: null }),
    'alarms:list': record('alarms:list', { active: [], history: [] }),
    'alarms:ack': record('alarms:ack', ALARM),
    'alarms:rules': record('alarms:rules', []),
    'alarms:set-rule': record('alarms:set-rule', { ...DEFAULT_ALARM_RULES[0] }),
    'feeds:list': record('feeds:list', { address: 'a', feeds: [] }),
    'feeds:subscribe': record('feeds:subscribe', { address: 'a', feed: 'f', fields: [], series: [], stats: { messages: 0, points: 0, skipped: 0, outOfOrder: 0, malformed: 0, lastTime: null }, live: true }),
    'feeds:unsubscribe': record('feeds:unsubscribe', { refs: 0 }),
    'audit:list': record('audit:list', { entries: [], total: 0 }),
    'ops:grid': record('ops:grid', []),
    'ops:timeline': record('ops:timeline', { from: 0, to: 1, strips: [], truncated: false }),
    'ops:record': record('ops:record', null),
    ...overrides,
  };
  return { handlers, calls };
}

describe('IpcHandlerTable.invoke', () => {
  it('runs the handler with the parsed request (defaults applied) and wraps the value', async () => {
    const { handlers, calls } = makeHandlers();
    const table = new IpcHandlerTable(handlers);
    expect(await table.invoke('op:start', { address: 'observatory.a', op: 'calibrate' })).toEqual({ ok: true, value: REPLY });
    expect(await table.invoke('op:wait', { address: 'observatory.a', op: 'calibrate' })).toEqual({ ok: true, value: REPLY });
    expect(calls).toEqual([
      ['op:start', { address: 'observatory.a', op: 'calibrate', params: {} }],
      ['op:wait', { address: 'observatory.a', op: 'calibrate', timeout: null }],
    ]);
  });

  it('accepts null or nothing for channels without a request', async () => {
    const table = new IpcHandlerTable(makeHandlers().handlers);
    expect((await table.invoke('registry:snapshot', undefined)).ok).toBe(true);
    expect((await table.invoke('connection:get', null)).ok).toBe(true);
  });

  it('refuses unknown channels with unknown_channel, naming them', async () => {
    const { handlers, calls } = makeHandlers();
    const table = new IpcHandlerTable(handlers);
    expect(await table.invoke('op:explode', {})).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'unknown channel "op:explode"' } });
    const notString = await table.invoke(42, {});
    expect(notString).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(!notString.ok && notString.error.message).toContain('number');
    // Inherited object keys are not channels.
    expect(await table.invoke('toString', undefined)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['op:start', { address: 'bad address!', op: 'x' }, "field 'address'"],
    ['op:start', { address: 'observatory.a', op: 'x', params: 'nope' }, "field 'params'"],
    ['op:start', { address: 'observatory.a', op: 'x', extra: 1 }, 'extra'],
    ['op:wait', { address: 'observatory.a', op: 'x', timeout: 'soon' }, "field 'timeout'"],
    ['agent:api', {}, "field 'address'"],
    ['agent:api', 'observatory.a', 'request:'],
    ['app:info', { please: true }, 'request:'],
    ['connection:set', { kind: 'url', url: 'http://x', realm: 'r', addressRoot: 'o' }, "field 'url'"],
    ['connection:set', { kind: 'teleport' }, "field 'kind'"],
    ['testbed:config:read', { name: '../etc/passwd' }, "field 'name'"],
    ['testbed:config:save', { name: 'a/b', text: '' }, "field 'name'"],
    ['testbed:run', { params: { stf_count: -1 } }, "field 'params.stf_count'"],
    ['testbed:run', { params: { rm: 1 } }, 'rm'],
    ['testbed:agent', { action: 'kill', name: 'x' }, "field 'action'"],
    ['testbed:agent', { action: 'stop', name: 'x; rm -rf' }, "field 'name'"],
    ['testbed:messages', { limit: 0 }, "field 'limit'"],
  ])('answers %s %j with bad_request naming %s', async (channel, request, named) => {
    const { handlers, calls } = makeHandlers();
    const envelope = await new IpcHandlerTable(handlers).invoke(channel, request);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('bad_request');
    expect(envelope.error.message).toContain(`bad request for ${channel}`);
    expect(envelope.error.message).toContain(named);
    expect(calls).toEqual([]);
  });

  it('returns an IpcError thrown by a handler with its own code', async () => {
    const { handlers } = makeHandlers({
      'agent:api': () => {
        throw new IpcError('not_connected', 'no router');
      },
    });
    expect(await new IpcHandlerTable(handlers).invoke('agent:api', { address: 'observatory.a' })).toEqual({ ok: false, error: { code: 'not_connected', message: 'no router' } });
  });

  it('turns any other exception into internal with its message, and logs it', async () => {
    const log = vi.fn();
    const { handlers } = makeHandlers({
      'op:status': async () => {
        throw new TypeError('boom');
      },
    });
    const envelope = await new IpcHandlerTable(handlers, log).invoke('op:status', { address: 'observatory.a', op: 'x' });
    expect(envelope).toEqual({ ok: false, error: { code: 'internal', message: 'op:status failed: boom' } });
    expect(log).toHaveBeenCalledWith('error', expect.stringContaining('boom'));
  });
});

describe('IpcHandlerTable pushes', () => {
  it('fans out to every listener until it unsubscribes; a throwing listener does not stop the others', () => {
    const log = vi.fn();
    const table = new IpcHandlerTable(makeHandlers().handlers, log);
    const got: Array<[PushChannel, unknown]> = [];
    table.onPush(() => {
      throw new Error('listener broke');
    });
    const off = table.onPush((channel, payload) => got.push([channel, payload]));
    table.publish('connection:state', STATE);
    off();
    table.publish('connection:state', STATE);
    expect(got).toEqual([['connection:state', STATE]]);
    expect(log).toHaveBeenCalledWith('error', expect.stringContaining('listener broke'));
  });
});

describe('testbed channels', () => {
  it('apply their defaults before the handler runs', async () => {
    const { handlers, calls } = makeHandlers();
    const table = new IpcHandlerTable(handlers);
    for (const channel of ['testbed:status', 'testbed:run', 'testbed:stop-workflow', 'testbed:messages', 'testbed:executions']) {
      expect((await table.invoke(channel, undefined)).ok).toBe(true);
    }
    expect(await table.invoke('testbed:config:read', { name: 'testbed' })).toMatchObject({ ok: true });
    expect(calls).toEqual([
      ['testbed:status', { watch: false }],
      ['testbed:run', { params: {} }],
      ['testbed:stop-workflow', {}],
      ['testbed:messages', { limit: 1000 }],
      ['testbed:executions', { limit: 100 }],
      ['testbed:config:read', { name: 'testbed', source: 'user' }],
    ]);
  });
});
