/**
 * A well-formed request naming an invalid URI (an empty component, whitespace, '#') is answered with
 * ERROR wamp.error.invalid_uri and the session stays, as the WAMP spec and crossbar have it; HELLO with
 * an invalid realm is ABORTed with the same URI; OCS's dotted, hyphenated URIs and wildcard patterns pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { DEBIAN_PYTHON, startProcess } from '../../helpers/net.js';
import { PYTHON_PEERS_DIR } from '../../helpers/python.js';
import { RawPeer } from '../../helpers/raw-wamp.js';

let router: RouterHandle;
beforeAll(async () => {
  router = await startRouter({ port: 0 });
});
afterAll(async () => {
  await router.close();
});

/** Registers and calls a procedure on `peer`: proves its session is still in use. */
async function assertSessionUsable(peer: RawPeer & { sessionId: number }): Promise<void> {
  const procedure = `observatory.still-${peer.sessionId}.ops`;
  peer.send([64, 900, {}, procedure]);
  await peer.next((m) => m[0] === 65 && m[1] === 900);
  peer.send([48, 901, {}, procedure, [1]]);
  const invocation = await peer.next((m) => m[0] === 68);
  peer.send([70, invocation[1], {}, ['ok']]);
  expect(await peer.next((m) => m[0] === 50 && m[1] === 901)).toEqual([50, 901, {}, ['ok']]);
}

describe('requests naming an invalid URI', () => {
  const cases: Array<[string, unknown[], RegExp]> = [
    ['CALL', [48, 11, {}, 'observatory..ops', [1]], /^call for invalid procedure URI "observatory\.\.ops": has an empty component$/],
    ['REGISTER', [64, 12, {}, 'observatory.a..ops'], /^register for invalid procedure URI .*empty component/],
    ['SUBSCRIBE', [32, 13, {}, 'observatory..feeds.heartbeat'], /^subscribe for invalid topic URI .*empty component/],
    ['PUBLISH with acknowledge', [16, 14, { acknowledge: true }, 'observatory.x feeds'], /^publish for invalid topic URI .*whitespace or '#'/],
    ['CALL of an empty URI', [48, 15, {}, ''], /^call for invalid procedure URI "": is empty$/],
    ['SUBSCRIBE with a #', [32, 16, { match: 'wildcard' }, 'observatory.#.feeds'], /whitespace or '#'/],
  ];
  for (const [what, frame, text] of cases) {
    it(`answers a ${what} with ERROR wamp.error.invalid_uri and keeps the session`, async () => {
      const peer = await RawPeer.join(router.wsUrl);
      peer.send(frame);
      const error = await peer.next((m) => m[0] === 8);
      expect(error.slice(0, 5)).toEqual([8, frame[0], frame[1], {}, 'wamp.error.invalid_uri']);
      expect((error[5] as string[])[0]).toMatch(text);
      await assertSessionUsable(peer);
      peer.close();
    });
  }

  it('drops a PUBLISH without acknowledge silently and keeps the session', async () => {
    const peer = await RawPeer.join(router.wsUrl);
    peer.send([16, 21, {}, 'observatory..feeds.t', [1]]);
    await assertSessionUsable(peer);
    expect(peer.received.filter((m) => m[0] === 8)).toEqual([]);
    peer.close();
  });

  it("accepts OCS's URIs: hyphens and underscores in instance ids, wildcard and prefix patterns with empty components", async () => {
    const peer = await RawPeer.join(router.wsUrl);
    peer.send([64, 31, {}, 'observatory.fake-data_1.ops']);
    peer.send([32, 32, { match: 'wildcard' }, 'observatory..feeds.heartbeat']);
    peer.send([32, 33, { match: 'wildcard' }, 'observatory..feeds.']);
    peer.send([32, 34, { match: 'prefix' }, 'observatory.']);
    for (const [type, id] of [[65, 31], [33, 32], [33, 33], [33, 34]]) await peer.next((m) => m[0] === type && m[1] === id);
    expect(peer.received.filter((m) => m[0] === 8)).toEqual([]);
    peer.close();
  });

  it('still ABORTs a malformed frame (wrong field type) with protocol_violation', async () => {
    const peer = await RawPeer.join(router.wsUrl);
    peer.send([48, 41, {}, 'observatory..ops', { not: 'a list' }]);
    const abort = await peer.next((m) => m[0] === 3);
    expect(abort[2]).toBe('wamp.error.protocol_violation');
    expect(await peer.closed()).toBe(1002);
  });

  it('ABORTs a HELLO whose realm is an invalid URI with wamp.error.invalid_uri', async () => {
    const peer = await RawPeer.connect(router.wsUrl);
    peer.send([1, 'test..realm', { roles: { caller: {} } }]);
    expect(await peer.next()).toEqual([3, { message: 'HELLO: Realm "test..realm" has an empty component' }, 'wamp.error.invalid_uri']);
    expect(await peer.closed()).toBe(1002);
  });
});

describe('a Python autobahn peer naming an invalid URI', () => {
  it('gets ApplicationError wamp.error.invalid_uri for CALL, REGISTER, SUBSCRIBE and PUBLISH, and its session stays usable', async () => {
    const proc = startProcess(DEBIAN_PYTHON, [`${PYTHON_PEERS_DIR}invalid_uri_peer.py`, '--url', router.wsUrl], { PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' });
    try {
      await proc.waitForLine(/^peer done$/, 20_000);
    } finally {
      await proc.stop();
    }
    const lines = proc.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { request: string; error?: string; args?: string[]; result?: number });
    expect(lines.map((line) => [line.request, line.error ?? line.result])).toEqual([
      ['call', 'wamp.error.invalid_uri'],
      ['register', 'wamp.error.invalid_uri'],
      ['subscribe', 'wamp.error.invalid_uri'],
      ['publish', 'wamp.error.invalid_uri'],
      ['healthy-call', 42],
    ]);
    expect(lines[0].args?.[0]).toMatch(/call for invalid procedure URI "observatory\.\.bad": has an empty component/);
  }, 30_000);
});
