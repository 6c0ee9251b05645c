/**
 * Seeded hostile datagrams to a real PysmurfMonitor on a real UDP port (router, store and feed
 * subscriber from the monitor fixture, plus a logger that records errors): random bytes, truncated
 * and byte-flipped JSON, each field of a valid message retyped or removed, prototype keys, deep
 * nesting, oversized. Every datagram is counted; the bad ones are dropped by reason; no handler
 * throws; afterwards a valid data_file is indexed and a session_log forwarded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPysmurfMonitor, type PysmurfMonitor } from '../../../main/agents/pysmurf-monitor/index.js';
import type { OcsLogger } from '../../../main/ocs/logger.js';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession, type OpenSession } from '../../helpers/autobahn.js';
import { seededRandom } from '../../helpers/fuzz-frames.js';
import { waitFor } from '../../helpers/net.js';
import { FEED_TOPIC, runSession, sendRaw } from '../pysmurf-monitor/monitor-fixture.js';
import { mutatePayload, randomPayload } from './ipc-payloads.js';

const CASES = Number(process.env.FUZZ_CASES ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const MAX_BYTES = 64_000;

let dir: string;
let router: RouterHandle;
let store: StationStore;
let monitor: PysmurfMonitor;
let client: OpenSession;
const errors: string[] = [];
const feed: unknown[][] = [];
const logger: OcsLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: (message) => errors.push(message) };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'udp-fuzz-'));
  router = await startRouter({ port: 0 });
  store = openStationStore(dir);
  monitor = await createPysmurfMonitor({ instanceId: 'pysmurf-monitor', logger, udpPort: 0, dataFiles: store.dataFiles, statusIntervalMs: 50, storeRetryMs: 100 });
  monitor.agent.connect({ url: router.wsUrl, realm: router.realm });
  await monitor.agent.whenReady();
  client = await openSession(router.wsUrl, router.realm);
  await client.session.subscribe(FEED_TOPIC, (args) => void feed.push(args ?? []));
});
afterAll(async () => {
  await client?.close();
  await monitor?.close();
  await monitor?.agent.shutdown(500);
  await router?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const message = (seq: number, type: string, payload: unknown) => ({ host: 'fuzz-host', id: 'fuzzslot', script: 'fuzz.py', time: 1700000000.5, seq_no: seq, type, payload });
const DATA_FILE = { path: '/data/smurf_data/20231114/fuzzslot/1700000000/outputs/1700000050_fuzz', type: 'iv', format: 'npy', timestamp: 1700000050.25, action: 'take_iv', action_ts: '1700000000', plot: false, pysmurf_version: 'v8.0.0' };
const BASES = [message(0, 'data_file', DATA_FILE), message(1, 'session_data', { a: [1, 2] }), message(2, 'session_log', 'x'), message(3, 'g3_file', { path: '/d/x.g3', timestamp: 1 }), message(4, 'start', {}), message(5, 'stop', {})];

/** One hostile datagram. */
function datagram(rand: () => number): Buffer {
  const base = BASES[Math.floor(rand() * BASES.length)];
  const kind = rand();
  if (kind < 0.35) {
    // A field of the envelope, or of the payload, retyped, removed or added.
    const copy = mutatePayload(rand, base, false) as Record<string, unknown>;
    if (rand() < 0.4 && copy && typeof copy === 'object' && !Array.isArray(copy)) copy.payload = mutatePayload(rand, base.payload, false);
    return Buffer.from(JSON.stringify(copy) ?? 'undefined');
  }
  if (kind < 0.5) return Buffer.from(JSON.stringify(randomPayload(rand, 0, false)) ?? '');
  if (kind < 0.65) {
    const text = JSON.stringify(base);
    const cut = Math.floor(rand() * text.length);
    return Buffer.from(rand() < 0.5 ? text.slice(0, cut) : text.slice(0, cut) + String.fromCharCode(Math.floor(rand() * 0xffff)) + text.slice(cut + 1));
  }
  if (kind < 0.75) return Buffer.from(Array.from({ length: Math.floor(rand() * 512) }, () => Math.floor(rand() * 256)));
  if (kind < 0.8) return Buffer.from(JSON.stringify(base).replace(/1700000000\.5|"x"|1\b/, ['NaN', 'Infinity', '-Infinity', '1e999', '-0'][Math.floor(rand() * 5)]));
  if (kind < 0.85) return Buffer.from(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
  if (kind < 0.9) return Buffer.from(`{"__proto__":{"type":"data_file","polluted":true},"constructor":{"prototype":{"polluted":true}},"host":"h","id":"i","script":"s","time":1,"seq_no":1,"type":"data_file","payload":{"__proto__":{"path":"/x"}}}`);
  if (kind < 0.95) return Buffer.from(JSON.stringify(message(9, 'session_data', { blob: 'x'.repeat(MAX_BYTES - 150 + Math.floor(rand() * 300)) })));
  return Buffer.alloc(0);
}

describe(`PysmurfMonitor UDP fuzz (seed ${SEED})`, () => {
  it(`counts and drops ${CASES} hostile datagrams by reason; a valid data_file is indexed afterwards`, async () => {
    const rand = seededRandom(SEED);
    const before = monitor.stats();
    const datagrams = Array.from({ length: CASES }, () => datagram(rand));
    // Datagrams over 65,507 bytes cannot be sent over UDP/IPv4 at all; keep the generator's to what the kernel passes.
    const sendable = datagrams.filter((d) => d.length <= 65_507);
    await sendRaw(monitor, sendable, 100);
    const after = monitor.stats();
    const where = `seed ${SEED}`;
    expect(after.received - before.received, where).toBe(sendable.length);
    expect(after.dropped - before.dropped, where).toBe(after.malformed - before.malformed + (after.oversized - before.oversized) + (after.badPayload - before.badPayload));
    expect(after.malformed - before.malformed, where).toBeGreaterThan(CASES / 4);
    expect(after.oversized - before.oversized, where).toBe(sendable.filter((d) => d.length > MAX_BYTES).length);
    expect(errors, `${where}: the monitor logged errors`).toEqual([]);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();

    // Still working: a valid data_file is indexed and a session_log forwarded.
    const path = `/data/smurf_data/fuzz/after-${SEED}`;
    await sendRaw(monitor, [Buffer.from(JSON.stringify(message(100, 'data_file', { ...DATA_FILE, path }))), Buffer.from(JSON.stringify(message(101, 'session_log', `after ${SEED}`)))], 2);
    await waitFor(() => store.dataFiles.list({ pubId: 'fuzzslot' }).some((file) => file.path === `${path}.npy`), 5000, `${where}: the data_file sent after the fuzz to be indexed`);
    await waitFor(() => feed.some((args) => ((args[0] as unknown[])[0] as { payload?: unknown }).payload === `after ${SEED}`), 5000, 'the session_log after the fuzz');
    const session = await runSession(client.session);
    expect(session).toMatchObject({ op_name: 'run', status: 'running', degraded: false });
    console.log(`udp fuzz seed ${SEED}: ${sendable.length} datagrams; dropped ${after.dropped - before.dropped} (malformed ${after.malformed - before.malformed}, oversized ${after.oversized - before.oversized}, bad payload ${after.badPayload - before.badPayload}), unknown type ${after.unknownType - before.unknownType}`);
  }, 60_000);
});
