import autobahn from 'autobahn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { RawPeer } from '../../helpers/raw-wamp.js';

let router: RouterHandle;
const sessions: OpenSession[] = [];
async function join(): Promise<autobahn.Session> {
  const opened = await openSession(router.wsUrl);
  sessions.push(opened);
  return opened.session;
}

beforeAll(async () => {
  router = await startRouter({ port: 0 });
});
afterAll(async () => {
  for (const s of sessions) await s.close();
  await router.close();
});

describe('dealer (autobahn-js peers)', () => {
  it('routes a call and passes args and kwargs through unchanged', async () => {
    const callee = await join();
    const caller = await join();
    await callee.register('observatory.d1.echo', (args, kwargs) => new autobahn.Result(args, kwargs));
    const result = (await caller.call('observatory.d1.echo', ['start', 'op', { nested: [1, { a: null }] }], { params: { delay: 0.5 }, timeout: null })) as autobahn.Result;
    expect(result.args).toEqual(['start', 'op', { nested: [1, { a: null }] }]);
    expect(result.kwargs).toEqual({ params: { delay: 0.5 }, timeout: null });
  });

  it('answers no_such_procedure with crossbar\'s text', async () => {
    const caller = await join();
    await expect(caller.call('observatory.nobody.ops')).rejects.toMatchObject({
      error: 'wamp.error.no_such_procedure',
      args: ['no callee registered for procedure <observatory.nobody.ops>'],
    });
  });

  it('refuses a second registration of the same procedure with procedure_already_exists', async () => {
    const first = await join();
    const second = await join();
    await first.register('observatory.d2.ops', () => 1);
    await expect(second.register('observatory.d2.ops', () => 2)).rejects.toMatchObject({ error: 'wamp.error.procedure_already_exists' });
  });

  it('forwards a callee ERROR with its own URI, args and kwargs', async () => {
    const callee = await join();
    const caller = await join();
    await callee.register('observatory.d3.fail', () => {
      throw new autobahn.Error('ocs.error.custom', ['it broke', 7], { detail: 'x' });
    });
    await expect(caller.call('observatory.d3.fail')).rejects.toMatchObject({ error: 'ocs.error.custom', args: ['it broke', 7], kwargs: { detail: 'x' } });
  });

  it('unregisters, after which the procedure is gone', async () => {
    const callee = await join();
    const caller = await join();
    const registration = await callee.register('observatory.d4.ops', () => 'here');
    expect(await caller.call('observatory.d4.ops')).toBe('here');
    await callee.unregister(registration);
    await expect(caller.call('observatory.d4.ops')).rejects.toMatchObject({ error: 'wamp.error.no_such_procedure' });
  });

  it('delivers progressive results before the final one', async () => {
    const callee = await join();
    const caller = await join();
    await callee.register('observatory.d5.count', async (_args, _kwargs, details) => {
      // autobahn-js offers details.progress only when the caller asked for progressive results.
      for (let i = 1; i <= 3; i++) details?.progress?.([i], {});
      return 'done';
    });
    // autobahn-js (no receive_progress) sees only the final result.
    expect(await caller.call('observatory.d5.count')).toBe('done');
    const progress: unknown[] = [];
    // A caller asking for progress gets each one, then the final result.
    const raw = await RawPeer.join(router.wsUrl);
    raw.send([48, 1, { receive_progress: true }, 'observatory.d5.count', []]);
    for (let i = 1; i <= 3; i++) progress.push(await raw.next((m) => m[0] === 50 && (m[2] as { progress?: boolean }).progress === true));
    expect(progress.map((m) => (m as unknown[])[3])).toEqual([[1], [2], [3]]);
    expect(await raw.next((m) => m[0] === 50)).toEqual([50, 1, {}, ['done']]);
    raw.close();
  });

  it('imposes no call timeout: a call answered after 3 s still gets its result', async () => {
    const callee = await join();
    const caller = await join();
    await callee.register('observatory.d6.slow', () => new Promise((resolve) => setTimeout(() => resolve('late'), 3000)));
    expect(await caller.call('observatory.d6.slow')).toBe('late');
  }, 10_000);
});

describe('dealer (raw frames)', () => {
  it('sends canceled to a pending caller when the callee disconnects', async () => {
    const callee = await RawPeer.join(router.wsUrl);
    const caller = await RawPeer.join(router.wsUrl);
    callee.send([64, 1, {}, 'observatory.r1.ops']);
    await callee.next((m) => m[0] === 65);
    caller.send([48, 7, {}, 'observatory.r1.ops', ['wait', 'x', {}], {}]);
    const invocation = await callee.next((m) => m[0] === 68);
    expect(invocation[4]).toEqual(['wait', 'x', {}]);
    expect(invocation[5]).toEqual({});
    callee.ws.terminate();
    expect(await caller.next((m) => m[0] === 8)).toEqual([8, 48, 7, {}, 'wamp.error.canceled', ['callee disconnected from in-flight request']]);
    // The registration went with the callee: the URI can be registered again at once.
    const again = await RawPeer.join(router.wsUrl);
    again.send([64, 2, {}, 'observatory.r1.ops']);
    expect((await again.next())[0]).toBe(65);
    for (const p of [caller, again]) p.close();
  });

  it('cancels a call: killnowait interrupts the callee and answers canceled at once; skip does not interrupt', async () => {
    const callee = await RawPeer.join(router.wsUrl);
    const caller = await RawPeer.join(router.wsUrl);
    callee.send([64, 1, {}, 'observatory.r2.ops']);
    await callee.next((m) => m[0] === 65);
    caller.send([48, 11, {}, 'observatory.r2.ops', []]);
    const invocation = await callee.next((m) => m[0] === 68);
    caller.send([49, 11, { mode: 'killnowait' }]);
    expect(await caller.next((m) => m[0] === 8)).toEqual([8, 48, 11, {}, 'wamp.error.canceled', ['call canceled by the caller']]);
    expect(await callee.next((m) => m[0] === 69)).toEqual([69, invocation[1], { mode: 'killnowait' }]);
    // A late YIELD for the canceled invocation is dropped, not delivered.
    callee.send([70, invocation[1], {}, ['too late']]);
    caller.send([48, 12, {}, 'observatory.r2.ops', []]);
    const second = await callee.next((m) => m[0] === 68);
    caller.send([49, 12, { mode: 'skip' }]);
    expect((await caller.next((m) => m[0] === 8))[4]).toBe('wamp.error.canceled');
    callee.send([70, second[1], {}, ['ignored']]);
    caller.send([48, 13, {}, 'observatory.r2.ops', []]);
    const third = await callee.next((m) => m[0] === 68);
    callee.send([70, third[1], {}, ['fresh']]);
    expect(await caller.next((m) => m[0] === 50)).toEqual([50, 13, {}, ['fresh']]);
    expect(callee.received.filter((m) => m[0] === 69)).toHaveLength(0);
    for (const p of [callee, caller]) p.close();
  });

  it('cancel mode kill waits for the callee\'s own error reply', async () => {
    const callee = await RawPeer.join(router.wsUrl);
    const caller = await RawPeer.join(router.wsUrl);
    callee.send([64, 1, {}, 'observatory.r3.ops']);
    await callee.next((m) => m[0] === 65);
    caller.send([48, 5, {}, 'observatory.r3.ops', []]);
    const invocation = await callee.next((m) => m[0] === 68);
    caller.send([49, 5, { mode: 'kill' }]);
    await callee.next((m) => m[0] === 69);
    expect(caller.received.filter((m) => m[0] === 8)).toHaveLength(0);
    callee.send([8, 68, invocation[1], {}, 'wamp.error.canceled', ['stopped on request']]);
    expect(await caller.next((m) => m[0] === 8)).toEqual([8, 48, 5, {}, 'wamp.error.canceled', ['stopped on request']]);
    for (const p of [callee, caller]) p.close();
  });

  it('refuses UNREGISTER of a registration the session does not hold', async () => {
    const peer = await RawPeer.join(router.wsUrl);
    peer.send([66, 3, 12345]);
    const error = await peer.next();
    expect(error.slice(0, 5)).toEqual([8, 66, 3, {}, 'wamp.error.no_such_registration']);
    peer.close();
  });

  it('keeps a call without kwargs free of kwargs, and an args-less call free of args', async () => {
    const callee = await RawPeer.join(router.wsUrl);
    const caller = await RawPeer.join(router.wsUrl);
    callee.send([64, 1, {}, 'observatory.r4.ops']);
    await callee.next((m) => m[0] === 65);
    caller.send([48, 1, {}, 'observatory.r4.ops', ['get_api']]);
    expect((await callee.next((m) => m[0] === 68)).length).toBe(5);
    caller.send([48, 2, {}, 'observatory.r4.ops']);
    expect((await callee.next((m) => m[0] === 68)).length).toBe(4);
    for (const p of [callee, caller]) p.close();
  });
});
