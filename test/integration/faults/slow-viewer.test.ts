/**
 * Fault: a WebSocket bridge viewer that never reads while pushes stream, next to a normal viewer that
 * must receive every entry; and a renderer-style client that drops mid-stream and reconnects: invoking
 * the snapshot channels again gives it the station's current state. (The slow SSE client is covered in
 * test/integration/serve/sse-stream.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuditEntry } from '../../../shared/audit.js';
import type { BridgeMessage, Envelope } from '../../../shared/ipc.js';
import { startHeadlessServer, type HeadlessServer } from '../../../main/serve/index.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';

let dir: string;
let station: Station;
let server: HeadlessServer;
const sockets: WebSocket[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'station-fault-slow-'));
  station = await createStation({ mode: 'headless', wampPort: 0, smurf: false, dataDir: dir, supervisordPath: '/nonexistent/supervisord' });
  // A 2 MiB allowance: the pushes below (8 MB) overflow it for a viewer that never reads.
  server = await startHeadlessServer({ host: '127.0.0.1', port: 0, table: station.table, rendererDir: dir, maxViewerBufferedBytes: 2 * 1024 * 1024, log: (level, message) => level === 'warn' && warnings.push(message) });
});
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await server?.close();
  await station?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A bridge client: every message parsed, requests answered by id. */
async function open(): Promise<{ ws: WebSocket; messages: BridgeMessage[]; request: (channel: string, request?: unknown) => Promise<Envelope<unknown>> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/bridge?token=${server.token}`);
  sockets.push(ws);
  const messages: BridgeMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as BridgeMessage));
  ws.on('error', () => {});
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 1;
  const request = async (channel: string, body?: unknown) => {
    const id = nextId++;
    ws.send(JSON.stringify({ id, channel, request: body }));
    const reply = await waitFor(() => messages.find((m) => m.kind === 'reply' && m.id === id), 10_000, `reply to ${channel}`);
    return (reply as Extract<BridgeMessage, { kind: 'reply' }>).envelope;
  };
  return { ws, messages, request };
}

const entriesOf = (messages: BridgeMessage[]) => messages.flatMap((m) => (m.kind === 'push' && m.channel === 'audit:entries' ? (m.payload as AuditEntry[]) : []));

describe('slow and reconnecting WebSocket viewers', () => {
  it('a viewer that never reads does not hold up a normal viewer, which receives every push; the station drops it instead of buffering without bound', async () => {
    const slow = await open();
    // Stop reading at the TCP level: the station's sends pile up in the kernel buffers and in ws.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const normal = await open();
    const total = 400;
    const padding = 'p'.repeat(20_000);
    const started = Date.now();
    for (let i = 0; i < total; i += 1) {
      const entry: AuditEntry = { id: 1_000_000 + i, time: Date.now(), user: 'fault', client: 'test', action: 'op:start', target: `slow-${i}`, params: padding, ok: true, errorCode: null, message: null, result: null, durationMs: 0 } as unknown as AuditEntry;
      (station.table as unknown as { publish(channel: string, payload: unknown): void }).publish('audit:entries', [entry]);
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor(() => entriesOf(normal.messages).filter((e) => e.user === 'fault').length >= total, 15_000, `${total} entries at the normal viewer`);
    const receivedMs = Date.now() - started;
    const got = entriesOf(normal.messages).filter((e) => e.user === 'fault').map((e) => e.id);
    expect(new Set(got).size).toBe(total);
    // The normal viewer still gets replies at once.
    const t0 = Date.now();
    expect((await normal.request('connection:get')).ok).toBe(true);
    const replyMs = Date.now() - t0;
    expect(replyMs).toBeLessThan(1000);
    expect(entriesOf(slow.messages).length).toBeLessThan(total);
    // The kernel's socket buffers absorb several MB first: keep pushing until the station's own buffer passes the allowance.
    for (let round = 0; round < 8 && !warnings.some((w) => w.startsWith('bridge viewer too slow')); round += 1) {
      for (let i = 0; i < 100; i += 1) (station.table as unknown as { publish(channel: string, payload: unknown): void }).publish('audit:entries', [{ id: 2_000_000 + round * 100 + i, user: 'more', params: padding }]);
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    expect(warnings.filter((w) => /^bridge viewer too slow: dropped with \d+ bytes unsent$/.test(w))).toHaveLength(1);
    expect(Number(/with (\d+) bytes/.exec(warnings.find((w) => w.startsWith('bridge viewer too slow'))!)![1])).toBeGreaterThan(2 * 1024 * 1024);
    console.info(`[faults] slow WS viewer: normal viewer got all ${total} pushes (${((total * padding.length) / 1e6).toFixed(1)} MB) in ${receivedMs} ms and a reply in ${replyMs} ms; the paused viewer had read ${entriesOf(slow.messages).length}`);
  }, 40_000);

  it('a client that drops mid-stream and reconnects resynchronises from the snapshot channels', async () => {
    const first = await open();
    const snapshot = async (client: Awaited<ReturnType<typeof open>>) => {
      const rows = await client.request('registry:snapshot');
      const connection = await client.request('connection:get');
      return { rows: rows.ok ? (rows.value as Array<{ address: string }>).map((r) => r.address).sort() : rows, connection };
    };
    await waitFor(async () => ((await snapshot(first)).rows as string[]).includes('observatory.demo-thermo'), 8000, 'the demo agents');
    first.ws.terminate();
    // A new socket, as a reloaded renderer opens; its own audited request changes the state it must see.
    const second = await open();
    expect((await second.request('op:start', { address: 'observatory.nobody', op: 'nothing' })).ok).toBe(false);
    const resynced = await snapshot(second);
    const truth = await station.table.invoke('registry:snapshot', undefined);
    expect(resynced.rows).toEqual(truth.ok ? (truth.value as Array<{ address: string }>).map((r) => r.address).sort() : null);
    expect(resynced.connection).toEqual(await station.table.invoke('connection:get', undefined));
    const audit = await second.request('audit:list', {});
    expect(audit.ok).toBe(true);
    expect(JSON.stringify(audit)).toContain('observatory.nobody');
    // And the live pushes flow again on the new socket.
    await waitFor(() => second.messages.some((m) => m.kind === 'push' && m.channel === 'registry:rows'), 5000, 'registry:rows pushes on the new socket');
  }, 40_000);
});
