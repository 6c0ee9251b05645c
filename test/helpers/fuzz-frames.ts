/** Seeded generator of hostile WAMP frames: random values, mutated valid messages, broken bytes. */

/** mulberry32: a tiny seeded PRNG so a failing fuzz run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEMPLATES: unknown[][] = [
  [1, 'test_realm', { roles: { caller: {}, callee: {}, publisher: {}, subscriber: {} } }],
  [6, {}, 'wamp.close.normal'],
  [8, 68, 1, {}, 'wamp.error.runtime_error', ['x'], {}],
  [16, 1, {}, 'observatory.fuzz.feeds.heartbeat', [[{ acq: 1 }, { agent_address: 'observatory.fuzz' }]]],
  [16, 2, { acknowledge: true, exclude_me: false }, 'observatory.fuzz.feeds.t', [1, 2], { a: 1 }],
  [32, 3, { match: 'wildcard' }, 'observatory..feeds.heartbeat'],
  [32, 4, { match: 'prefix' }, 'observatory.fuzz'],
  [34, 5, 1234],
  [48, 6, {}, 'observatory.healthy.ops', [1, 2]],
  [48, 7, { receive_progress: true }, 'observatory.fuzz.ops', ['start', 'x'], { params: {} }],
  [49, 7, { mode: 'kill' }],
  [64, 8, {}, 'observatory.fuzz.ops'],
  [66, 9, 4321],
  [70, 10, {}, [[0, 'ok', {}]]],
  [70, 11, { progress: true }, [1]],
];

export function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 3 ? 8 : 11));
  switch (pick) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return Math.floor(rand() * 2 ** 53 * (rand() < 0.5 ? 1 : 4)) * (rand() < 0.2 ? -1 : 1);
    case 3: return rand() * 1e6;
    case 4: return ['', 'observatory.healthy.ops', 'wamp.error.x', '..', 'a b', '#', '\u0000\uffff'][Math.floor(rand() * 7)];
    case 5: return Math.floor(rand() * 80);
    case 6: return 'x'.repeat(Math.floor(rand() * 200));
    case 7: return [1, 2, 3, 6, 8, 16, 32, 34, 36, 48, 49, 50, 64, 66, 68, 70][Math.floor(rand() * 16)];
    case 8: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    case 9: return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [['match', 'mode', 'roles', 'exclude_me', 'progress', `k${i}`][Math.floor(rand() * 6)], randomValue(rand, depth + 1)]));
    default: return { roles: randomValue(rand, depth + 1) };
  }
}

/** One hostile frame as text (for a wamp.2.json connection). */
export function fuzzFrame(rand: () => number): string {
  const kind = rand();
  if (kind < 0.45) {
    // A valid message with one element replaced, removed or added.
    const message = structuredClone(TEMPLATES[Math.floor(rand() * TEMPLATES.length)]);
    const op = rand();
    const index = Math.floor(rand() * message.length);
    if (op < 0.5) message[index] = randomValue(rand);
    else if (op < 0.7) message.splice(index, 1);
    else if (op < 0.85) message.push(randomValue(rand));
    return JSON.stringify(message);
  }
  if (kind < 0.6) return JSON.stringify(TEMPLATES[Math.floor(rand() * TEMPLATES.length)]);
  if (kind < 0.75) return JSON.stringify(randomValue(rand));
  if (kind < 0.85) {
    // Truncated or byte-flipped JSON text, sometimes with Python's non-finite tokens.
    const text = JSON.stringify(TEMPLATES[Math.floor(rand() * TEMPLATES.length)]).replace('1', rand() < 0.3 ? 'NaN' : '1');
    const cut = Math.floor(rand() * text.length);
    return rand() < 0.5 ? text.slice(0, cut) : text.slice(0, cut) + String.fromCharCode(Math.floor(rand() * 128)) + text.slice(cut + 1);
  }
  if (kind < 0.9) return '['.repeat(1000 + Math.floor(rand() * 100_000));
  return Array.from({ length: Math.floor(rand() * 64) }, () => String.fromCharCode(Math.floor(rand() * 0xffff))).join('');
}
