/**
 * Every invoke channel fuzzed through a real station's handler table (structured-clone values, as
 * Electron IPC delivers them) and through the real WebSocket bridge (raw `ws` frames): each answer is a
 * valid reply or an error envelope with a contract code and a message; never a crash, a hang or an
 * unhandled rejection, and the station still answers app:info afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { INVOKE_CHANNELS, type BridgeMessage, type Envelope, type InvokeChannel } from '../../../shared/ipc.js';
import { requestSchemas } from '../../../shared/ipc-schemas.js';
import { attachBridgeSocket } from '../../../main/ipc/ws-binding.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { seededRandom } from '../../helpers/fuzz-frames.js';
import { unlockExpert } from '../../helpers/unlock.js';
import { mutatePayload, NEUTRALISE, randomPayload, SAMPLES } from './ipc-payloads.js';

const PER_CHANNEL = Number(process.env.FUZZ_CASES ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const CODES = ['bad_request', 'unknown_channel', 'forbidden', 'not_connected', 'agent_error', 'internal'];
const BRIDGE_MAX_PAYLOAD = 1024 * 1024;

let station: Station;
let server: WebSocketServer;
let url: string;
let dataDir: string;
const rejections: unknown[] = [];
const internalLog: string[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
const neutralised = new Map<string, number>();

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  dataDir = mkdtempSync(join(tmpdir(), 'ipc-fuzz-'));
  // No demo agents and no simulated crate: nothing a valid request could start; supervisord points nowhere.
  station = await createStation({
    mode: 'headless',
    wampPort: 0,
    demo: false,
    smurf: false,
    dataDir,
    supervisordPath: join(dataDir, 'no-supervisord'),
    log: (level, message) => level === 'error' && internalLog.push(message),
  });
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: BRIDGE_MAX_PAYLOAD, perMessageDeflate: false });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => attachBridgeSocket(station.table, socket));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/bridge`;
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise((resolve) => server?.close(resolve));
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Rewrites a request the schema accepts on a channel that would act on the world (see NEUTRALISE). */
function neutralise(channel: InvokeChannel, request: unknown): unknown {
  const rule = NEUTRALISE[channel];
  if (!rule || !requestSchemas[channel].safeParse(request === null ? undefined : request).success) return request;
  neutralised.set(channel, (neutralised.get(channel) ?? 0) + 1);
  return rule.safe(request as Record<string, unknown>);
}

/** Generated requests for one channel: the valid sample, mutations of it, and random values. */
function payloadsFor(channel: InvokeChannel, rand: () => number, count: number, cloneTypes: boolean): unknown[] {
  return Array.from({ length: count }, (_, i) => neutralise(channel, i === 0 ? SAMPLES[channel] : rand() < 0.7 ? mutatePayload(rand, SAMPLES[channel], cloneTypes) : randomPayload(rand, 0, cloneTypes)));
}

function checkEnvelope(envelope: Envelope<unknown>, where: string): void {
  expect(envelope, where).toBeTypeOf('object');
  if (envelope.ok) return;
  expect(CODES, `${where}: ${JSON.stringify(envelope)}`).toContain(envelope.error.code);
  expect(envelope.error.message, where).toBeTypeOf('string');
  expect(envelope.error.message.length, where).toBeGreaterThan(0);
  // Messages may quote the offending value (logs:open quotes a 4 KiB path twice), but stay bounded.
  expect(envelope.error.message.length, `${where}: message too long`).toBeLessThan(12_000);
  // An 'internal' reply means a handler threw something it did not mean to: a defect to fix, not an answer.
  expect(envelope.error.code, `${where}: ${envelope.error.message}`).not.toBe('internal');
}

function describePayload(request: unknown): string {
  try {
    const text = JSON.stringify(request, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(request);
    return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
  } catch {
    return Object.prototype.toString.call(request);
  }
}

/** Resolves with the value, or rejects naming `what` when it takes longer than `ms` (a hang). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

describe(`IPC fuzz (seed ${SEED})`, () => {
  it(`handler table: ${PER_CHANNEL} requests per invoke channel (${INVOKE_CHANNELS.length} channels) get envelopes, never throws`, async () => {
    const rand = seededRandom(SEED);
    let count = 0;
    const loggedErrors: string[] = [];
    for (const channel of INVOKE_CHANNELS) {
      const requests = payloadsFor(channel, rand, PER_CHANNEL, true);
      await Promise.all(
        requests.map(async (request, i) => {
          const where = `seed ${SEED}, ${channel} case ${i}: ${describePayload(request)}`;
          checkEnvelope(await within(station.table.invoke(channel, request), 15_000, where), where);
          count++;
        }),
      );
      // Errors the station logged while this channel's requests ran are attributed to it.
      for (const message of internalLog.splice(0)) loggedErrors.push(`${channel}: ${message}`);
    }
    // Unknown and non-string channels.
    for (const channel of [undefined, null, 7, {}, ['app:info'], 'app:info ', 'APP:INFO', '__proto__', 'constructor', 'x'.repeat(10_000), 'op:launch']) {
      const envelope = await station.table.invoke(channel, {});
      expect(envelope, `channel ${describePayload(channel)}`).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
      expect((envelope as { error: { message: string } }).error.message.length).toBeLessThan(200);
    }
    expect(count).toBe(PER_CHANNEL * INVOKE_CHANNELS.length);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
    expect(rejections, `seed ${SEED}: unhandled rejections`).toEqual([]);
    expect([...loggedErrors, ...internalLog], `seed ${SEED}: errors the station logged`).toEqual([]);
    expect(await station.table.invoke('app:info', undefined)).toMatchObject({ ok: true, value: { mode: 'headless' } });
    console.log(`ipc fuzz seed ${SEED}: ${count} table requests; valid requests neutralised per channel: ${JSON.stringify(Object.fromEntries(neutralised))}`);
  }, 120_000);

  it('WebSocket bridge: mutated requests on every channel are answered under their ids', async () => {
    const rand = seededRandom(SEED + 1);
    const perChannel = Math.max(4, Math.floor(PER_CHANNEL / 3));
    const ws = await open();
    const replies = new Map<number, Envelope<unknown>>();
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as BridgeMessage;
      if (message.kind === 'reply') replies.set(message.id, message.envelope);
    });
    let id = 0;
    for (const channel of INVOKE_CHANNELS) {
      // Every channel's handler is fuzzed, not just its lock refusal: unlocked anew per channel, so no idle relock comes between.
      await unlockExpert(ws);
      // Frames the bridge would refuse for size are the next test's business: keep these under its limit.
      const frames = payloadsFor(channel, rand, perChannel, false)
        .map((request) => ({ id: ++id, text: JSON.stringify({ id, channel, request }), request }))
        .filter((frame) => frame.text.length < BRIDGE_MAX_PAYLOAD);
      for (const frame of frames) ws.send(frame.text);
      for (const frame of frames) {
        const where = `seed ${SEED + 1}, bridge ${channel} id ${frame.id}: ${describePayload(frame.request)}`;
        const envelope = await within(until(() => replies.get(frame.id)), 15_000, where);
        checkEnvelope(envelope, where);
      }
    }
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    expect(rejections).toEqual([]);
  }, 120_000);

  it('WebSocket bridge: malformed, binary, oversize and id-less frames close that socket with a reason; others carry on', async () => {
    const rand = seededRandom(SEED + 2);
    const bystander = await open();
    const hostile: Array<{ frame: string | Buffer; binary?: boolean; codes: number[] }> = [
      { frame: '{"id": 1, "channel": ', codes: [1007] },
      { frame: '\u0000\uffff', codes: [1007] },
      { frame: 'NaN', codes: [1007] },
      { frame: Buffer.from('{"id":1,"channel":"app:info"}'), binary: true, codes: [1003] },
      { frame: Buffer.from([0xff, 0xfe, 0x00]), binary: true, codes: [1003] },
      { frame: JSON.stringify({ id: 1, channel: 'app:info', request: 'x'.repeat(BRIDGE_MAX_PAYLOAD) }), codes: [1009] },
      { frame: '['.repeat(100_000), codes: [1007] },
      { frame: Buffer.from([0xc3, 0x28]).toString('latin1'), codes: [1007] },
      ...['null', '[]', '"x"', '1', '{}', '{"channel":"app:info"}', '{"id":"1","channel":"app:info"}', '{"id":1.5}', '{"id":1e300}', '{"id":null}', '{"__proto__":{"id":1},"channel":"app:info"}'].map((frame) => ({ frame, codes: [1008] })),
    ];
    // Random text frames: each is either answered under its id or closes its socket with 1007/1008.
    for (let i = 0; i < 40; i++) {
      const text = JSON.stringify({ id: i + 1, channel: rand() < 0.5 ? 'app:info' : randomPayload(rand, 0, false), request: randomPayload(rand, 0, false) }) ?? '';
      const cut = Math.floor(rand() * text.length);
      hostile.push({ frame: rand() < 0.5 ? text.slice(0, cut) : text, codes: [1007, 1008, 1009, 0] });
    }
    for (const [i, { frame, binary, codes }] of hostile.entries()) {
      const ws = await open();
      const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
      const replied = new Promise<BridgeMessage>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as BridgeMessage)));
      ws.send(frame, { binary: binary ?? false });
      const where = `seed ${SEED + 2}, hostile frame ${i}: ${describePayload(typeof frame === 'string' ? frame : `<${frame.length} bytes>`)}`;
      const outcome = await within(Promise.race([closed, replied]), 10_000, where);
      if ('code' in outcome) {
        expect(codes, `${where}: closed ${outcome.code} ${outcome.reason}`).toContain(outcome.code);
        if (outcome.code !== 1009) expect(outcome.reason.length, where).toBeGreaterThan(0);
      } else {
        // Answered: only a frame with a usable id can be, and its envelope must be well-formed.
        expect(codes, where).toContain(0);
        expect(outcome.kind, where).toBe('reply');
        if (outcome.kind === 'reply') checkEnvelope(outcome.envelope, where);
        ws.close();
      }
    }
    // Unknown channels under a valid id are answered, not closed.
    const envelope = await request(bystander, 99, 'op:launch', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await request(bystander, 100, 'app:info')).toMatchObject({ ok: true, value: { mode: 'headless' } });
    expect(await station.table.invoke('app:info', undefined)).toMatchObject({ ok: true });
    expect(rejections, `seed ${SEED}: unhandled rejections`).toEqual([]);
    bystander.close();
  }, 60_000);
});

async function open(): Promise<WebSocket> {
  const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

async function request(ws: WebSocket, id: number, channel: string, payload?: unknown): Promise<Envelope<unknown>> {
  const answer = new Promise<Envelope<unknown>>((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as BridgeMessage;
      if (message.kind === 'reply' && message.id === id) {
        ws.off('message', onMessage);
        resolve(message.envelope);
      }
    };
    ws.on('message', onMessage);
  });
  ws.send(JSON.stringify({ id, channel, request: payload }));
  return within(answer, 10_000, `reply ${id} on ${channel}`);
}

/** Polls `get` until it returns a value. */
async function until<T>(get: () => T | undefined): Promise<T> {
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
