/** The handler table's lock check: refusals before any handler, a request's own level, the connection channels. */
import { describe, expect, it } from 'vitest';
import { ConnectionLock } from '../../../../main/ipc/connection-lock.js';
import { IpcHandlerTable, type Handlers, type RequestLevel } from '../../../../main/ipc/handler-table.js';

/** Handlers that record the channels they were called on and answer `{}`. */
function recordingHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = new Proxy({}, { get: (_target, channel) => () => (calls.push(String(channel)), {}) }) as Handlers;
  return { handlers, calls };
}

const lockAt = (startLevel: 'locked' | 'operate' | 'expert') => new ConnectionLock({ settings: { startLevel, relockSeconds: 30 }, maxLevel: 'expert' });
const OP = { address: 'observatory.a', op: 'x' };

describe('IpcHandlerTable and connection locks', () => {
  it('refuses a channel above the caller level before reading the payload or calling the handler', async () => {
    const { handlers, calls } = recordingHandlers();
    const table = new IpcHandlerTable(handlers);
    const caller = { client: 'test', lock: lockAt('locked') };
    expect(await table.invoke('op:start', 'not even an object', caller)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'op:start needs level operate; this connection is locked (access:set to unlock)' },
    });
    expect(await table.invoke('op:status', OP, caller)).toEqual({ ok: true, value: {} });
    expect(calls).toEqual(['op:status']);
  });

  it("raises the level by the request's own (an op's min_privs) and keeps the channel's when the lookup fails", async () => {
    const { handlers, calls } = recordingHandlers();
    const requestLevel: RequestLevel = async (_channel, request) => {
      const { op } = request as { op: string };
      if (op === 'gone') throw new Error('agent not on the bus');
      return op === 'escalated' ? 'expert' : null;
    };
    const table = new IpcHandlerTable(handlers, () => {}, undefined, { requestLevel });
    const caller = { client: 'test', lock: lockAt('operate') };
    expect(await table.invoke('op:start', { ...OP, op: 'escalated' }, caller)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'op:start needs level expert; this connection is operate (access:set to unlock)' } });
    expect(await table.invoke('op:start', OP, caller)).toEqual({ ok: true, value: {} });
    expect(await table.invoke('op:start', { ...OP, op: 'gone' }, caller)).toEqual({ ok: true, value: {} });
    // In-process callers have no lock: not gated at all.
    expect(await table.invoke('op:start', { ...OP, op: 'escalated' })).toEqual({ ok: true, value: {} });
    expect(calls).toEqual(['op:start', 'op:start', 'op:start']);
  });

  it("answers access:get / access:set from the caller's lock, and refuses them to in-process callers", async () => {
    const { handlers, calls } = recordingHandlers();
    const table = new IpcHandlerTable(handlers);
    const caller = { client: 'test', lock: lockAt('operate') };
    expect(await table.invoke('access:get', undefined, caller)).toEqual({ ok: true, value: { level: 'operate', startLevel: 'operate', maxLevel: 'expert', relockAt: null } });
    expect(await table.invoke('access:set', { level: 'expert' }, caller)).toMatchObject({ ok: true, value: { level: 'expert', relockAt: expect.any(Number) } });
    expect(await table.invoke('access:set', { level: 'root' }, caller)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await table.invoke('access:get', undefined)).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('in-process callers have none') } });
    expect(calls).toEqual([]);
    caller.lock.close();
  });
});
