import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { fuzzFrame, seededRandom } from '../../helpers/fuzz-frames.js';
import { waitFor } from '../../helpers/net.js';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);

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
  await callee.close();
  await caller.close();
  await router.close();
});

/** Sends `count` frames from one connection at a time, reconnecting whenever the router closes it. */
async function fuzz(rand: () => number, count: number): Promise<{ sent: number; connections: number }> {
  let sent = 0;
  let connections = 0;
  while (sent < count) {
    const ws = new WebSocket(router.wsUrl, ['wamp.2.json']);
    connections++;
    await new Promise<void>((resolve) => {
      ws.on('open', () => {
        if (rand() < 0.8) ws.send(JSON.stringify([1, 'test_realm', { roles: { caller: {}, callee: {}, publisher: {}, subscriber: {} } }]));
        const burst = () => {
          for (let i = 0; i < 20 && sent < count && ws.readyState === ws.OPEN; i++, sent++) ws.send(fuzzFrame(rand));
          if (sent >= count || ws.readyState !== ws.OPEN) ws.close();
          else setImmediate(burst);
        };
        burst();
      });
      ws.on('close', () => resolve());
      ws.on('error', () => {});
    });
  }
  return { sent, connections };
}

describe(`router fuzz (seed ${SEED})`, () => {
  it(`survives ${FRAMES} random and mutated frames; a healthy client still gets correct results`, async () => {
    const rand = seededRandom(SEED);
    const workers = await Promise.all([0, 1, 2, 3].map(() => fuzz(rand, FRAMES / 4)));
    const sent = workers.reduce((n, w) => n + w.sent, 0);
    expect(sent).toBeGreaterThanOrEqual(FRAMES);
    // Every fuzz connection was closed, by the router or by the fuzzer: only the two healthy sessions remain.
    await waitFor(() => router.router.sessionCount === 2, 5000, 'fuzz sessions to be cleaned up');
    expect(internalErrors).toEqual([]);
    for (let i = 0; i < 50; i++) expect(await caller.session.call('observatory.healthy.ops', [i, 1, 2])).toBe(i + 3);
    callee.session.publish('observatory.healthy.feeds.t', ['after fuzz']);
    await waitFor(() => events.includes('after fuzz'), 2000, 'an event after the fuzz');
  }, 120_000);
});
