/**
 * The router fuzz taken to 100,000 frames: the core issue's JSON generator (test/helpers/fuzz-frames.ts)
 * on wamp.2.json connections plus the same hostile messages, broken msgpack and declared-huge containers
 * on wamp.2.msgpack connections. The router stays up, cleans up every fuzz session, logs no internal
 * error, and well-behaved autobahn clients still call and publish.
 */
import { encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { fuzzFrame, randomValue, seededRandom } from '../../helpers/fuzz-frames.js';
import { waitFor } from '../../helpers/net.js';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const HELLO = [1, 'test_realm', { roles: { caller: {}, callee: {}, publisher: {}, subscriber: {} } }];

let router: RouterHandle;
let callee: OpenSession;
let caller: OpenSession;
const internalErrors: string[] = [];
const events: unknown[] = [];

beforeAll(async () => {
  router = await startRouter({ port: 0, maxFrameBytes: 256 * 1024, log: (level, message) => level === 'error' && internalErrors.push(message) });
  callee = await openSession(router.wsUrl);
  caller = await openSession(router.wsUrl);
  await callee.session.register('observatory.healthy.ops', (args) => (args as number[]).reduce((a, b) => a + b, 0));
  await caller.session.subscribe('observatory.healthy.feeds.t', (args) => events.push(args?.[0]));
});
afterAll(async () => {
  await callee?.close();
  await caller?.close();
  await router?.close();
});

/** One hostile msgpack frame: a fuzzed message re-encoded, broken bytes, or a container that claims more than it holds. */
function msgpackFrame(rand: () => number): Uint8Array {
  const kind = rand();
  if (kind < 0.6) {
    const text = fuzzFrame(rand);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = randomValue(rand);
    }
    const bytes = encode(value);
    // Some are cut short or have one byte flipped.
    if (rand() < 0.3) return bytes.subarray(0, Math.floor(rand() * bytes.length));
    if (rand() < 0.3 && bytes.length > 0) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
    return bytes;
  }
  if (kind < 0.75) return Uint8Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256));
  if (kind < 0.85) {
    // array32 / map32 / str32 / bin32 headers claiming ~4 G entries or bytes, followed by almost nothing.
    const header = [0xdd, 0xdf, 0xdb, 0xc6][Math.floor(rand() * 4)];
    return Uint8Array.from([header, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
  }
  if (kind < 0.9) return Uint8Array.from([0xd4, Math.floor(rand() * 256), 0, 0xc7, 3, 0xff, 1, 2, 3, 0xc1]); // ext types, the never-used 0xc1
  return new Uint8Array(1 + Math.floor(rand() * 20_000)).fill(0x91); // deeply nested one-element arrays
}

/** Sends `count` frames from one connection at a time, reconnecting whenever the router closes it. */
async function fuzz(rand: () => number, count: number, protocol: 'wamp.2.json' | 'wamp.2.msgpack'): Promise<number> {
  let sent = 0;
  while (sent < count) {
    const ws = new WebSocket(router.wsUrl, [protocol]);
    await new Promise<void>((resolve) => {
      ws.on('open', () => {
        if (rand() < 0.8) ws.send(protocol === 'wamp.2.json' ? JSON.stringify(HELLO) : encode(HELLO));
        const burst = () => {
          for (let i = 0; i < 50 && sent < count && ws.readyState === ws.OPEN; i++, sent++) {
            if (protocol === 'wamp.2.json') ws.send(fuzzFrame(rand));
            else ws.send(msgpackFrame(rand), { binary: rand() < 0.95 });
          }
          if (sent >= count || ws.readyState !== ws.OPEN) ws.close();
          else setImmediate(burst);
        };
        burst();
      });
      ws.on('close', () => resolve());
      ws.on('error', () => {});
    });
  }
  return sent;
}

describe(`router fuzz, 100k (seed ${SEED})`, () => {
  it(`survives ${FRAMES} JSON and msgpack frames; healthy autobahn clients still work`, async () => {
    const started = Date.now();
    const json = Math.round(FRAMES * 0.7);
    // One generator per worker, each seeded from SEED, so a worker's frames do not depend on the others' timing.
    const workers = [
      ...[0, 1, 2, 3].map((w) => fuzz(seededRandom(SEED + w), json / 4, 'wamp.2.json')),
      ...[4, 5].map((w) => fuzz(seededRandom(SEED + w), (FRAMES - json) / 2, 'wamp.2.msgpack')),
    ];
    const sent = (await Promise.all(workers)).reduce((a, b) => a + b, 0);
    expect(sent).toBeGreaterThanOrEqual(FRAMES);
    await waitFor(() => router.router.sessionCount === 2, 10_000, `seed ${SEED}: fuzz sessions to be cleaned up`);
    expect(internalErrors, `seed ${SEED}`).toEqual([]);
    for (let i = 0; i < 50; i++) expect(await caller.session.call('observatory.healthy.ops', [i, 1, 2])).toBe(i + 3);
    callee.session.publish('observatory.healthy.feeds.t', ['after fuzz']);
    await waitFor(() => events.includes('after fuzz'), 2000, 'an event after the fuzz');
    // A new well-behaved client joins and calls too.
    const late = await openSession(router.wsUrl);
    try {
      expect(await late.session.call('observatory.healthy.ops', [40, 2])).toBe(42);
    } finally {
      await late.close();
    }
    console.log(`router fuzz seed ${SEED}: ${sent} frames in ${Date.now() - started} ms`);
  }, 180_000);
});
