/**
 * SSE fan-out of the message stream: the real `startHeadlessServer` with its `messageStream` (the store's
 * API keys, filters and change events) on 127.0.0.1, N clients in a child process, messages recorded with
 * `store.testbed.recordMessage` at a fixed rate in this (the server's) process. Every body carries its
 * send time (hrtime, taken just before the record call); each client measures receive − send per event.
 * Peers in the same run: the same stream to one client, and a bare node http server writing the same
 * events (pre-formatted once) to N clients, the floor of HTTP chunked writes and of the client side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HandlerTable } from '../ipc/handler-table.js';
import { startHeadlessServer } from '../serve/server.js';
import { formatEvent, MESSAGE_STREAM_PATH } from '../serve/sse/index.js';
import { pythonJson } from '../serve/sse/python-json.js';
import { openStationStore } from '../store/index.js';
import { round } from './stats.js';
import { hrtimeMs, paced, SENT_FIELD, startClientsChild, withCpuShare, type ClientsResult, type LatencyFigures } from './fastmon-clients.js';

export interface SseBenchOptions {
  clients: number;
  ratePerS: number;
  durationMs: number;
  onProgress?: (line: string) => void;
}

export interface SseFanOutFigures {
  clients: number;
  events_sent: number;
  received: number;
  lost: number;
  duplicates: number;
  dropped_clients: number;
  latency_ms: LatencyFigures;
  /** CPU of the bench (server) process while sending, as a share of one core. */
  server_cpu_share: number;
  /** CPU of the client child while sending, as a share of one core. */
  clients_cpu_share: number;
}

export interface SseBenchFigures {
  stream: SseFanOutFigures;
  stream_one_client: SseFanOutFigures;
  bare_http: SseFanOutFigures;
}

const EVENT_TYPE = 'tf_file_registered';
/** Silence after which missing events count as lost: a backlogged server can pause writing for seconds. */
const SETTLE_MS = 10_000;
/** A headless server needs a handler table; the stream does not use it. */
const NO_TABLE: HandlerTable = { invoke: async () => ({ ok: false, error: { code: 'unknown_channel', message: 'bench' } }), onPush: () => () => {} };

/** A tf_file_registered body as the fastmon agent sends it, plus the bench's sequence and send time. */
export function tfRegisteredBody(phase: string, seq: number): Record<string, unknown> {
  const stf = `swf.100010.${String(Math.floor(seq / 7) + 1).padStart(6, '0')}`;
  const tfFirst = (seq % 7) * 142 + 10;
  return {
    msg_type: EVENT_TYPE, run_id: '100010', execution_id: `bench-${phase}`, run_number: 100010, processed_by: 'fastmon-agent-bench-1',
    tf_file_id: String(seq + 1), tf_filename: `${stf}_tf_${String((seq % 7) + 1).padStart(3, '0')}.tf`, tf_first: tfFirst, tf_last: tfFirst + 20,
    tf_count: 21, file_size_bytes: 21_000_000, stf_filename: `${stf}.stf`, status: 'registered', sender: 'fastmon-agent-bench-1', namespace: 'bench',
    bench_seq: seq, [SENT_FIELD]: hrtimeMs(),
  };
}

/** Runs the three fan-outs one after another; everything started is stopped before it returns. */
export async function runSseBench(options: SseBenchOptions): Promise<SseBenchFigures> {
  const progress = options.onProgress ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'station-bench-fastmon-sse-'));
  const store = openStationStore(dir);
  try {
    const { key } = store.apiKeys.create('fastmon-bench');
    const server = await startHeadlessServer({ host: '127.0.0.1', port: 0, table: NO_TABLE, rendererDir: dir, messageStream: { store } });
    try {
      const url = `http://127.0.0.1:${server.port}${MESSAGE_STREAM_PATH}?msg_types=${EVENT_TYPE}`;
      const record = (phase: string) => (seq: number) =>
        void store.testbed.recordMessage({ destination: '/topic/epictopic', body: tfRegisteredBody(phase, seq), receivedAt: Date.now() });
      progress(`SSE stream: ${options.clients} clients, ${options.ratePerS} events/s for ${options.durationMs / 1000} s`);
      const stream = await fanOut(url, key, options.clients, options, record('stream'));
      progress(`SSE stream: p50 ${stream.latency_ms.p50} ms, p99 ${stream.latency_ms.p99} ms, lost ${stream.lost}`);
      progress('SSE stream: 1 client (peer)');
      const one = await fanOut(url, key, 1, options, record('one'));
      progress(`SSE stream, 1 client: p50 ${one.latency_ms.p50} ms, p99 ${one.latency_ms.p99} ms, lost ${one.lost}`);
      progress(`bare node http: ${options.clients} clients (floor)`);
      const bare = await bareFanOut(options);
      progress(`bare http: p50 ${bare.latency_ms.p50} ms, p99 ${bare.latency_ms.p99} ms, lost ${bare.lost}`);
      return { stream, stream_one_client: one, bare_http: bare };
    } finally {
      await server.close();
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fanOut(url: string, key: string, clients: number, options: SseBenchOptions, emit: (seq: number) => void): Promise<SseFanOutFigures> {
  const child = startClientsChild('fastmon-sse-clients-child', { url, key, clients, eventType: EVENT_TYPE, settleMs: SETTLE_MS });
  try {
    await child.ready;
    const { value, cpuShare, wallMs } = await withCpuShare(() => paced(options.ratePerS, options.durationMs, emit));
    const result = await child.finish(value.sent);
    return figures(clients, value.sent, result, cpuShare, round(result.cpu_ms / wallMs, 3));
  } finally {
    await child.stop();
  }
}

/** The floor: a plain http server writing each event, formatted once, to every open response. */
async function bareFanOut(options: SseBenchOptions): Promise<SseFanOutFigures> {
  const open = new Set<ServerResponse>();
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write(formatEvent('connected', pythonJson({ client_id: String(open.size), status: 'connected' })));
    open.add(res);
    res.on('close', () => open.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return await fanOut(url, 'none', options.clients, options, (seq) => {
      const event = formatEvent(EVENT_TYPE, pythonJson(tfRegisteredBody('bare', seq)), seq + 1);
      for (const res of open) res.write(event);
    });
  } finally {
    for (const res of open) res.end();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function figures(clients: number, sent: number, result: ClientsResult, cpuShare: number, clientsCpuShare: number): SseFanOutFigures {
  const received = result.received.reduce((sum, n) => sum + n, 0);
  const lost = result.received.reduce((sum, n) => sum + Math.max(0, sent - n), 0);
  return {
    clients, events_sent: sent, received, lost, duplicates: result.duplicates, dropped_clients: result.dropped, latency_ms: result.latency_ms, server_cpu_share: cpuShare,
    clients_cpu_share: clientsCpuShare,
  };
}
