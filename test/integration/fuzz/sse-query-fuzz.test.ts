/**
 * Seeded random and mutated query strings, Last-Event-ID headers and Authorization headers against the
 * real message stream handler (createMessageStream over a real store, on a real HTTP server): each
 * request gets a 4xx JSON `{detail}` or a valid event stream that starts with `connected`; never a 500,
 * never an error logged, every stream is released, and a well-formed client still gets its replay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMessageStream, type MessageStream } from '../../../main/serve/sse/index.js';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { seededRandom } from '../../helpers/fuzz-frames.js';
import { waitFor } from '../../helpers/net.js';

const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const PATH = '/api/messages/stream/';

let dir: string;
let store: StationStore;
let stream: MessageStream;
let server: Server;
let port: number;
let key: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sse-fuzz-'));
  store = openStationStore(dir);
  for (let i = 0; i < 40; i++) {
    store.testbed.recordMessage({ destination: '/topic/epictopic', body: { msg_type: i % 2 ? 'stf_gen' : 'run_imminent', sender: 'daq', namespace: 'fuzz', run_id: String(100 + (i % 3)), sequence: i }, receivedAt: Date.now() });
  }
  key = store.apiKeys.create('fuzz').key;
  stream = createMessageStream({ store, heartbeatMs: 200, log: (level, message) => level !== 'info' && logged.push(`${level}: ${message}`) });
  server = createServer((req, res) => {
    if (stream.matches((req.url ?? '/').split('?')[0])) return stream.handle(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  stream?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const PARAMS = ['msg_types', 'agents', 'run_ids', 'namespaces', 'last_event_id', 'token', 'msg_types[]', '__proto__', 'constructor', '', 'x'];
const VALUES = ['', ',', ',,,', ' ', '%20', '%', '%zz', '%c3%28', '%00', '%E2%80%AE', 'stf_gen', 'stf_gen,run_imminent', 'daq', 'fuzz', '101', '-1', '0', '1', '1.5', '1e3', '0x10', '9007199254740993', '99999999999999999999999', 'NaN', 'Infinity', 'null', '[]', '{}', 'a'.repeat(4000), '..%2f..%2f', '%2e%2e', "'", '"', '<script>', '\\', '+', '&', '=', ';'];
const EVENT_IDS = ['', ' ', '0', '1', '39', '40', '1000000', '-1', '+1', '1.0', '1e2', '0x1', '01', ' 7 ', 'abc', '9007199254740991', '9007199254740992', '1'.repeat(400), '1, 2', 'null', '\t3'];

/** One request: a query string, headers, and the method. */
function fuzzRequest(rand: () => number): { query: string; headers: Record<string, string>; method: string } {
  const parts: string[] = [];
  for (let n = Math.floor(rand() * 5); n > 0; n--) {
    const kind = rand();
    if (kind < 0.7) parts.push(`${pick(rand, PARAMS)}=${pick(rand, VALUES)}`);
    else if (kind < 0.8) parts.push(pick(rand, PARAMS));
    else parts.push(Array.from({ length: Math.floor(rand() * 30) }, () => String.fromCharCode(33 + Math.floor(rand() * 94))).join('').replace(/#/g, '%23'));
  }
  const headers: Record<string, string> = {};
  const auth = rand();
  if (auth < 0.75) headers.authorization = `Token ${key}`;
  else if (auth < 0.8) headers.authorization = `token   ${key}  `;
  else if (auth < 0.85) headers.authorization = `Bearer ${key}`;
  else if (auth < 0.9) headers.authorization = `Token ${key.slice(0, -1)}`;
  else if (auth < 0.95) headers.authorization = `Token ${'f'.repeat(Math.floor(rand() * 2000))}`;
  if (rand() < 0.5) headers['last-event-id'] = pick(rand, EVENT_IDS);
  const method = rand() < 0.9 ? 'GET' : pick(rand, ['POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
  // A request-target cannot hold spaces: they travel as '+', as a form would send them.
  return { query: parts.length ? `?${parts.join('&').replace(/ /g, '+')}` : pick(rand, ['', '?', '??', '?&&']), headers, method };
}

/** Sends one request; for a stream, reads until the `connected` event (and the replay's first message, if any) and hangs up. */
function send(req: { query: string; headers: Record<string, string>; method: string }): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
    const outgoing = request({ host: '127.0.0.1', port, path: `${PATH}${req.query}`, method: req.method, headers: req.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body });
      };
      res.on('data', (chunk: string) => {
        body += chunk;
        if (res.statusCode === 200 && body.includes('event: connected')) {
          done();
          outgoing.destroy();
        }
      });
      res.on('end', done);
      res.on('error', () => {});
    });
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end();
  });
}

describe(`SSE query fuzz (seed ${SEED})`, () => {
  it(`${CASES} random queries and headers: 4xx JSON with a detail, or a stream that starts with connected`, async () => {
    const rand = seededRandom(SEED);
    const statuses = new Map<number, number>();
    for (let i = 0; i < CASES; i++) {
      const req = fuzzRequest(rand);
      const where = `seed ${SEED}, case ${i}: ${req.method} ${req.query.slice(0, 200)} ${JSON.stringify(req.headers).slice(0, 300)}`;
      const reply = await send(req);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (reply.status === 200) {
        expect(req.method, where).toBe('GET');
        expect(reply.type, where).toBe('text/event-stream');
        expect(reply.body, where).toMatch(/^(: [^\n]*\n)*event: connected\n/m);
      } else {
        expect([400, 401, 403, 405], `${where}: ${reply.status} ${reply.body}`).toContain(reply.status);
        if (req.method !== 'HEAD') {
          expect(reply.type, where).toBe('application/json');
          expect(JSON.parse(reply.body), where).toEqual({ detail: expect.any(String) });
        }
      }
    }
    // Every stream the fuzz opened and hung up on is released.
    await waitFor(() => stream.clientCount === 0 || null, 5000, 'every fuzzed stream to close');
    expect(logged, `seed ${SEED}`).toEqual([]);
    expect(statuses.get(500)).toBeUndefined();
    console.log(`sse fuzz seed ${SEED}: ${CASES} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);

    // A well-formed client still gets the replay after its Last-Event-ID, filtered.
    const good = await new Promise<string>((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port, path: `${PATH}?msg_types=stf_gen&run_ids=101`, headers: { authorization: `Token ${key}`, 'last-event-id': '30' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
          // Ids 31..40 with an odd index (stf_gen) and index % 3 == 1 (run 101): 32, 38.
          if (body.includes('id: 38\n')) {
            outgoing.destroy();
            resolve(body);
          }
        });
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect([...good.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([32, 38]);
  }, 60_000);
});
