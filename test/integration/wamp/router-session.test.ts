import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { waitFor } from '../../helpers/net.js';
import { RawPeer } from '../../helpers/raw-wamp.js';

let router: RouterHandle;
beforeAll(async () => {
  router = await startRouter({ port: 0, maxFrameBytes: 64 * 1024 });
});
afterAll(async () => {
  await router.close();
});

/** Checks that the router still routes a call for a healthy pair of sessions. */
async function assertRouterHealthy(): Promise<void> {
  const callee = await RawPeer.join(router.wsUrl);
  const caller = await RawPeer.join(router.wsUrl);
  const procedure = `observatory.health${callee.sessionId}.ops`;
  callee.send([64, 1, {}, procedure]);
  await callee.next((m) => m[0] === 65);
  caller.send([48, 9, {}, procedure, [41]]);
  const invocation = await callee.next((m) => m[0] === 68);
  callee.send([70, invocation[1], {}, [(invocation[4] as number[])[0] + 1]]);
  expect(await caller.next((m) => m[0] === 50)).toEqual([50, 9, {}, [42]]);
  callee.close();
  caller.close();
}

describe('session lifecycle', () => {
  it('welcomes an anonymous HELLO with broker and dealer roles', async () => {
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([1, 'test_realm', { roles: { subscriber: {} } }]);
    const welcome = await peer.next();
    expect(welcome[0]).toBe(2);
    const details = welcome[2] as Record<string, unknown>;
    expect(details).toMatchObject({ realm: 'test_realm', authmethod: 'anonymous', authprovider: 'static' });
    expect(details.roles).toMatchObject({ broker: { features: { pattern_based_subscription: true, publisher_exclusion: true } }, dealer: { features: {} } });
    peer.close();
  });

  it('aborts a HELLO for another realm with no_such_realm', async () => {
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([1, 'other_realm', { roles: { caller: {} } }]);
    expect(await peer.next()).toEqual([3, { message: 'no realm "other_realm" on this router (it serves "test_realm")' }, 'wamp.error.no_such_realm']);
    expect(await peer.closed()).toBe(1002);
  });

  it('draws session, registration and subscription ids at random over [1, 2^53]', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const peer = await RawPeer.join(router.wsUrl);
      peer.send([64, 1, {}, `observatory.ids${i}.ops`]);
      peer.send([32, 2, {}, `observatory.ids${i}.feeds.t`]);
      ids.push(peer.sessionId, (await peer.next((m) => m[0] === 65))[2] as number, (await peer.next((m) => m[0] === 33))[2] as number);
      peer.close();
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(Number.isSafeInteger(id) || id === 2 ** 53).toBe(true);
    // Sequential counters would give neighbours; random ids over 2^53 are far apart.
    const sorted = [...ids].sort((a, b) => a - b);
    expect(sorted.slice(1).every((id, i) => id - sorted[i] > 1000)).toBe(true);
    expect(Math.max(...ids)).toBeGreaterThan(2 ** 40);
  });

  it('answers GOODBYE with goodbye_and_out, drops the registrations at once, and allows a new HELLO', async () => {
    const peer = await RawPeer.join(router.wsUrl);
    peer.send([64, 1, {}, 'observatory.bye.ops']);
    await peer.next((m) => m[0] === 65);
    peer.send([6, {}, 'wamp.close.normal']);
    expect(await peer.next()).toEqual([6, {}, 'wamp.close.goodbye_and_out']);
    const other = await RawPeer.join(router.wsUrl);
    other.send([64, 1, {}, 'observatory.bye.ops']);
    expect((await other.next())[0]).toBe(65);
    peer.send([1, 'test_realm', { roles: { caller: {} } }]);
    expect((await peer.next())[0]).toBe(2);
    peer.close();
    other.close();
  });

  it('drops registrations and subscriptions immediately when a peer vanishes without GOODBYE', async () => {
    const peer = await RawPeer.join(router.wsUrl);
    peer.send([64, 1, {}, 'observatory.vanish.ops']);
    await peer.next((m) => m[0] === 65);
    peer.ws.terminate();
    const again = await RawPeer.join(router.wsUrl);
    await waitFor(async () => {
      again.send([64, 7, {}, 'observatory.vanish.ops']);
      const reply = await again.next((m) => m[1] === 64 || m[0] === 65);
      return reply[0] === 65;
    }, 2000, 'the procedure to be free again');
    again.close();
  });

  it('answers WebSocket pings with pongs', async () => {
    const peer = await RawPeer.join(router.wsUrl);
    const pong = new Promise<string>((resolve) => peer.ws.once('pong', (data) => resolve(data.toString())));
    peer.ws.ping('abcd');
    expect(await pong).toBe('abcd');
    peer.close();
  });

  it('keeps peers that answer its keepalive pings and cuts off one that does not', async () => {
    const own = await startRouter({ port: 0, pingIntervalMs: 150 });
    const live = await RawPeer.join(own.wsUrl);
    const deaf = await RawPeer.join(own.wsUrl, 'test_realm', 'wamp.2.json', { autoPong: false });
    expect(await deaf.closed(3000)).toBe(1006);
    // Several ping periods later the answering peer is still served.
    live.send([64, 1, {}, 'observatory.alive.ops']);
    expect((await live.next((m) => m[0] === 65))[0]).toBe(65);
    expect(live.closeCode).toBeUndefined();
    live.close();
    await own.close();
  });

  it('speaks msgpack and translates between msgpack and JSON peers', async () => {
    const callee = await RawPeer.join(router.wsUrl, 'test_realm', 'wamp.2.msgpack');
    const caller = await RawPeer.join(router.wsUrl, 'test_realm', 'wamp.2.json');
    expect(callee.ws.protocol).toBe('wamp.2.msgpack');
    callee.send([64, 1, {}, 'observatory.mp.ops']);
    await callee.next((m) => m[0] === 65);
    caller.send([48, 3, {}, 'observatory.mp.ops', ['status', 'acq', {}], { timeout: 1.5 }]);
    const invocation = await callee.next((m) => m[0] === 68);
    expect(invocation.slice(3)).toEqual([{}, ['status', 'acq', {}], { timeout: 1.5 }]);
    callee.send([70, invocation[1], {}, [[0, 'Session active.', { big: 2 ** 52 + 1 }]]]);
    expect(await caller.next((m) => m[0] === 50)).toEqual([50, 3, {}, [[0, 'Session active.', { big: 2 ** 52 + 1 }]]]);
    callee.close();
    caller.close();
  });

  it('tolerates NaN and Infinity tokens from Python peers and forwards them as null', async () => {
    const subscriber = await RawPeer.join(router.wsUrl);
    const publisher = await RawPeer.join(router.wsUrl);
    subscriber.send([32, 1, {}, 'observatory.py.feeds.temps']);
    await subscriber.next((m) => m[0] === 33);
    publisher.sendText('[16, 5, {}, "observatory.py.feeds.temps", [[{"temps": {"data": {"c": [NaN, Infinity, -Infinity, 1.5]}, "s": "NaN stays text"}}, {}]]]');
    const event = await subscriber.next((m) => m[0] === 36);
    expect(event[4]).toEqual([[{ temps: { data: { c: [null, null, null, 1.5] }, s: 'NaN stays text' } }, {}]]);
    subscriber.close();
    publisher.close();
  });

  it('says GOODBYE with system_shutdown to sessions when the router stops', async () => {
    const own = await startRouter({ port: 0 });
    const peer = await RawPeer.join(own.wsUrl);
    await own.close();
    expect(peer.received).toContainEqual([6, { message: 'router is shutting down' }, 'wamp.close.system_shutdown']);
    await peer.closed();
  });
});

describe('bad input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['malformed JSON', '[48, 1, {}, "observatory.x"', /not valid JSON/],
    ['a non-list frame', '{"type": 48}', /must be a non-empty list/],
    ['an unknown message type', '[99, 1, {}]', /unknown message type 99/],
    ['a router-only message type', '[36, 1, 2, {}]', /EVENT \(36\) is sent by routers/],
    ['a string request id', '[48, "1", {}, "observatory.x"]', /CALL: Request must be an integer id/],
    ['a negative request id', '[48, -4, {}, "observatory.x"]', /CALL: Request must be an integer id/],
    ['an id over 2^53', '[48, 9007199254740994, {}, "observatory.x"]', /CALL: Request must be an integer id/],
    ['options that are a list', '[16, 1, [], "observatory.x"]', /PUBLISH: Options must be a dictionary/],
    ['a numeric topic', '[32, 1, {}, 42]', /SUBSCRIBE: Topic must be a non-empty URI string/],
    ['args that are not a list', '[48, 1, {}, "observatory.x", {"a": 1}]', /CALL: Arguments must be a list/],
    ['kwargs that are a list', '[48, 1, {}, "observatory.x", [], []]', /CALL: ArgumentsKw must be a dictionary/],
    ['too many elements', '[34, 1, 2, 3]', /UNSUBSCRIBE must have 3 elements, got 4/],
    ['an ERROR whose error URI has an empty component', '[8, 68, 1, {}, "wamp..x"]', /ERROR: Error "wamp\.\.x" has an empty component/],
    ['a second HELLO', '[1, "test_realm", {"roles": {"caller": {}}}]', /HELLO received on an established session/],
    ['an ERROR answering a CALL', '[8, 48, 1, {}, "x.y"]', /ERROR may only answer an INVOCATION/],
  ];
  for (const [what, frame, reason] of cases) {
    it(`aborts only the session that sends ${what}`, async () => {
      const bad = await RawPeer.join(router.wsUrl);
      bad.sendText(frame);
      const abort = await bad.next((m) => m[0] === 3);
      expect(abort[2]).toBe('wamp.error.protocol_violation');
      expect((abort[1] as { message: string }).message).toMatch(reason);
      expect(await bad.closed()).toBe(1002);
      await assertRouterHealthy();
    });
  }

  it('aborts a session whose first message is not HELLO', async () => {
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([48, 1, {}, 'observatory.x']);
    expect(((await peer.next())[1] as { message: string }).message).toMatch(/expected HELLO as the first message/);
  });

  it('aborts a HELLO without roles', async () => {
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([1, 'test_realm', {}]);
    expect(((await peer.next())[1] as { message: string }).message).toMatch(/Details.roles must be a non-empty dictionary/);
  });

  it('closes a session that sends a frame over the size limit (1009) and keeps the others working', async () => {
    const bad = await RawPeer.join(router.wsUrl);
    bad.send([16, 1, {}, 'observatory.big.feeds.x', ['x'.repeat(70 * 1024)]]);
    expect(await bad.closed()).toBe(1009);
    await assertRouterHealthy();
  });

  it('closes a session that sends garbage bytes on a msgpack connection', async () => {
    const bad = await RawPeer.join(router.wsUrl, 'test_realm', 'wamp.2.msgpack');
    bad.ws.send(Buffer.from([0xc1, 0xff, 0x00]));
    expect(((await bad.next((m) => m[0] === 3))[1] as { message: string }).message).toMatch(/not valid MessagePack/);
    await assertRouterHealthy();
  });

  it('refuses an upgrade without a WAMP subprotocol, on another path, or from a foreign web origin', async () => {
    const status = (url: string, protocols: string[], origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, protocols, origin ? { origin } : {});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => {});
      });
    expect(await status(router.wsUrl, ['mqtt'])).toBe(400);
    expect(await status(router.wsUrl.replace('/ws', '/other'), ['wamp.2.json'])).toBe(404);
    expect(await status(router.wsUrl, ['wamp.2.json'], 'https://evil.example')).toBe(403);
    expect(await status(router.wsUrl, ['wamp.2.json'], 'http://localhost:8080')).toBe(101);
  });
});
