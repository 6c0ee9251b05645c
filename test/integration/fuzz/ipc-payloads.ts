/** Seeded hostile IPC payloads: random values and mutations of one valid request per invoke channel. */
import type { InvokeChannel } from '../../../shared/ipc.js';

/** One valid request per channel (the base the mutations start from); addresses name no agent on the bus. */
export const SAMPLES: Record<InvokeChannel, unknown> = {
  'app:info': undefined,
  'registry:snapshot': undefined,
  'agent:api': { address: 'observatory.fuzz-none' },
  'op:start': { address: 'observatory.fuzz-none', op: 'acq', params: { a: 1 } },
  'op:abort': { address: 'observatory.fuzz-none', op: 'acq' },
  'op:stop': { address: 'observatory.fuzz-none', op: 'acq' },
  'op:status': { address: 'observatory.fuzz-none', op: 'acq' },
  'op:wait': { address: 'observatory.fuzz-none', op: 'acq', timeout: 0.1 },
  'connection:get': undefined,
  'connection:set': { kind: 'embedded' },
  'smurf:info': undefined,
  'smurf:slots': undefined,
  'scripts:list': undefined,
  'scripts:history': { limit: 5, before: 10 },
  'scripts:output': { runId: 1, offset: 0, limit: 10 },
  'smurf:datafiles': { pubId: 'x', action: 'y', limit: 5 },
  'testbed:status': { watch: false },
  'testbed:config:list': undefined,
  'testbed:config:read': { name: 'testbed', source: 'builtin' },
  'testbed:config:validate': { text: '[testbed]\nnamespace = "fuzz"\n', name: 'fuzz.toml' },
  'testbed:config:save': { name: 'fuzz-saved', text: '[testbed]\nnamespace = "fuzz"\n' },
  'testbed:run': { config: { name: 'fuzz-no-such-config', source: 'user' }, params: { stf_count: 1 } },
  'testbed:stop-workflow': { executionId: 'fuzz-none' },
  'testbed:stop-agents': undefined,
  'testbed:agent': { action: 'stop', name: 'fuzz-no-such-program' },
  'testbed:messages': { namespace: 'fuzz', limit: 5, afterId: 0 },
  'testbed:executions': { namespace: 'fuzz', status: 'running', limit: 5 },
  'fastmon:runs': { executionId: 'x', limit: 5 },
  'fastmon:tfs': { runNumber: 1, limit: 5, newest: true },
  'fastmon:stf': { stfFilename: 'x.stf' },
  'alarms:list': { historyLimit: 5 },
  'alarms:ack': { id: 1 },
  'alarms:rules': undefined,
  'alarms:set-rule': { id: 'agent_expired', enabled: true, delayMs: 1000 },
  'feeds:list': { address: 'observatory.fuzz-none', waitMs: 0 },
  'feeds:subscribe': { address: 'observatory.fuzz-none', feed: 'temps' },
  'feeds:unsubscribe': { address: 'observatory.fuzz-none', feed: 'temps' },
  'ops:grid': undefined,
  'ops:timeline': { from: 0, to: 1000 },
  'ops:record': { id: 1 },
  'audit:list': { text: 'x', limit: 5 },
  'logs:sources': undefined,
  'logs:open': { path: '/nonexistent/fuzz.log' },
  'logs:close': { sourceId: 'file:fuzz' },
  'logs:window': { sourceId: 'file:fuzz', fromLine: 1, count: 10 },
  'logs:search': { sourceId: 'file:fuzz', query: 'x' },
  'logs:follow': { sourceId: 'file:fuzz', follow: false },
  'logs:merged': { sourceIds: ['file:fuzz'], count: 10 },
  'logs:jump': { sourceId: 'file:fuzz', time: 0 },
  'access:get': undefined,
  'access:set': { level: 'expert' },
};

/**
 * Channels whose *valid* requests would act on the world (switch the bus, start a workflow, touch
 * supervisord programs): a generated payload the schema accepts is rewritten to a harmless valid one
 * (the embedded router it already uses, a config or program that does not exist). Invalid ones go as generated.
 */
export const NEUTRALISE: Partial<Record<InvokeChannel, { why: string; safe: (request: Record<string, unknown>) => unknown }>> = {
  'connection:set': { why: 'a valid url/site target would move the station off its router', safe: () => ({ kind: 'embedded' }) },
  'testbed:run': { why: 'a valid run starts supervisord and a workflow', safe: (r) => ({ ...r, config: { name: 'fuzz-no-such-config', source: 'user' } }) },
  'testbed:agent': { why: 'start/restart would launch a supervisord program', safe: (r) => ({ ...r, name: 'fuzz-no-such-program' }) },
  'op:wait': { why: 'a valid wait with timeout null on a live op waits forever', safe: (r) => ({ ...r, timeout: 0.1 }) },
  'feeds:list': { why: 'waitMs up to 10 s per request would only slow the run', safe: (r) => ({ ...r, waitMs: 0 }) },
};

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'name', 'address', 'op', 'kind', '', 'a'.repeat(300)];
const STRINGS = ['', ' ', '..', '../../etc/passwd', '/etc/passwd', 'observatory.registry', 'a'.repeat(256), '\u0000', '\ud800', '💥', '$(id)', '%2e%2e/', 'null', 'NaN', '{}'];

/** A random value: any JSON type, non-finite numbers, huge strings, deep nesting, prototype keys, structured-clone types (direct calls only). */
export function randomPayload(rand: () => number, depth = 0, cloneTypes = true): unknown {
  const kind = Math.floor(rand() * (depth > 2 ? 9 : 14));
  switch (kind) {
    case 0: return undefined;
    case 1: return null;
    case 2: return rand() < 0.5;
    case 3: return pick(rand, [0, -0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity]);
    case 4: return Math.floor(rand() * 1e6);
    case 5: return pick(rand, STRINGS);
    case 6: return 'x'.repeat(rand() < 0.1 ? 2_000_000 : Math.floor(rand() * 5000));
    case 7: return cloneTypes ? pick(rand, [10n, new Date(NaN), new Map([[1, 2]]), new Uint8Array(4), new Set(['a']), /x/]) : pick(rand, STRINGS);
    case 8: return pick(rand, [[], {}, [[]], { a: {} }]);
    case 9: return Array.from({ length: Math.floor(rand() * 5) }, () => randomPayload(rand, depth + 1, cloneTypes));
    case 10: return objectWith(rand, depth, cloneTypes);
    case 11: return deep(rand() < 0.5 ? 200 : cloneTypes ? 5000 : 1000, rand() < 0.5);
    case 12: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    default: return objectWith(rand, depth, cloneTypes);
  }
}

function objectWith(rand: () => number, depth: number, cloneTypes: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 4); i > 0; i--) Object.defineProperty(out, pick(rand, KEYS), { value: randomPayload(rand, depth + 1, cloneTypes), enumerable: true, writable: true, configurable: true });
  return out;
}

/** Nesting `levels` deep, as arrays or objects. */
function deep(levels: number, arrays: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = arrays ? [value] : { a: value };
  return value;
}

/** A mutation of `base`: one field removed, retyped or added (own `__proto__` included), or the whole request swapped for an array/primitive. */
export function mutatePayload(rand: () => number, base: unknown, cloneTypes = true): unknown {
  const op = rand();
  if (base === null || typeof base !== 'object' || op < 0.1) return rand() < 0.5 ? randomPayload(rand, 0, cloneTypes) : [base];
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = Object.keys(copy);
  const key = keys.length > 0 && rand() < 0.8 ? pick(rand, keys) : pick(rand, KEYS);
  if (op < 0.35) delete copy[key];
  else if (op < 0.75) Object.defineProperty(copy, key, { value: randomPayload(rand, 1, cloneTypes), enumerable: true, writable: true, configurable: true });
  else if (op < 0.9) Object.defineProperty(copy, pick(rand, KEYS), { value: randomPayload(rand, 1, cloneTypes), enumerable: true, writable: true, configurable: true });
  else return Object.values(copy);
  return copy;
}
