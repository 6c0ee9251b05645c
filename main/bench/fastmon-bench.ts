/**
 * `station bench fastmon`: the fast-monitoring data path, each figure with its peer from the same run.
 * - `tf_records_per_s`: STF → TF rows through the real sampling and `store.testbed.recordStfSample`
 *   (peer: a bare better-sqlite3 loop over the same rows; fastmon-store-bench.ts);
 * - `sse_*`: fan-out of the real SSE message stream to N clients in a child process while messages are
 *   recorded at a fixed rate (peers: one client, and a bare node http server; fastmon-sse-bench.ts);
 * - `renderer_push`: the headless bridge's push batching at a fixed item rate (peer: batchMs 0;
 *   fastmon-push-bench.ts).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { runPushBench, DEFAULT_BATCH_MS, type PushFigures } from './fastmon-push-bench.js';
import { runSseBench, type SseFanOutFigures } from './fastmon-sse-bench.js';
import { runStoreBench, type StoreBenchFigures } from './fastmon-store-bench.js';
import type { LatencyFigures } from './fastmon-clients.js';

export interface FastmonBenchOptions {
  stfs: number;
  tfsPerStf: number;
  sseClients: number;
  /** Recorded messages per second during the SSE measurement. */
  sseRate: number;
  /** Items per second published during the push measurement. */
  pushRate: number;
  /** Seconds of sending per SSE and push measurement. */
  durationS: number;
  onProgress?: (line: string) => void;
}

export const FASTMON_BENCH_DEFAULTS = { stfs: 2_000, tfsPerStf: 7, sseClients: 100, sseRate: 1_000, pushRate: 1_000, durationS: 5 } as const;

export interface FastmonBenchResult {
  tf_records_per_s: number;
  tf_records: StoreBenchFigures;
  sse_clients: number;
  sse_rate_per_s: number;
  sse_latency_ms: { p50: number; p99: number };
  sse_lost: number;
  sse: SseFanOutFigures;
  sse_peers: { one_client: SseFanOutFigures; bare_http: SseFanOutFigures };
  renderer_push: PushFigures & { unbatched: PushFigures };
  targets: { tf_records_per_s_ge_10000: boolean; sse_p99_le_50_ms: boolean; sse_lost_0: boolean; renderer_push_lost_0: boolean };
  setup: Record<string, unknown>;
}

export async function runFastmonBench(options: FastmonBenchOptions): Promise<FastmonBenchResult> {
  // Other work on the machine skews every figure: the report says how busy it was when the bench began.
  const loadAtStart = loadavg()[0];
  const durationMs = options.durationS * 1000;
  const store = runStoreBench({ stfs: options.stfs, tfsPerStf: options.tfsPerStf, onProgress: options.onProgress });
  options.onProgress?.(`TF records: ${store.store_tf_records_per_s}/s through the store, ${store.bare_sqlite_tf_records_per_s}/s bare`);
  const sse = await runSseBench({ clients: options.sseClients, ratePerS: options.sseRate, durationMs, onProgress: options.onProgress });
  const push = await runPushBench({ ratePerS: options.pushRate, durationMs, onProgress: options.onProgress });
  const latency = (l: LatencyFigures) => ({ p50: l.p50, p99: l.p99 });
  return {
    tf_records_per_s: store.store_tf_records_per_s,
    tf_records: store,
    sse_clients: options.sseClients,
    sse_rate_per_s: options.sseRate,
    sse_latency_ms: latency(sse.stream.latency_ms),
    sse_lost: sse.stream.lost,
    sse: sse.stream,
    sse_peers: { one_client: sse.stream_one_client, bare_http: sse.bare_http },
    renderer_push: { ...push.batched, unbatched: push.unbatched },
    targets: {
      tf_records_per_s_ge_10000: store.store_tf_records_per_s >= 10_000,
      sse_p99_le_50_ms: sse.stream.latency_ms.p99 <= 50,
      sse_lost_0: sse.stream.lost === 0,
      renderer_push_lost_0: push.batched.lost === 0,
    },
    setup: {
      machine: {
        cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version,
        platform: process.platform, load_average_1m_at_start: Math.round(loadAtStart * 100) / 100,
      },
      sizes: {
        stfs: options.stfs, tfs_per_stf: options.tfsPerStf, sse_clients: options.sseClients, sse_rate_per_s: options.sseRate,
        push_rate_per_s: options.pushRate, duration_s: options.durationS,
      },
      tf_records:
        'fresh store in a temp dir (WAL, synchronous NORMAL); per STF: simulateTfSubsamples (selection fraction 1, seeded) then store.testbed.recordStfSample, ' +
        'after 200 unmeasured warm-up STFs. Peer bare_sqlite: the same rows (sampled beforehand) into a second fresh store file with the same schema and pragmas, ' +
        'one prepared INSERT per row (STF row + TF rows), one IMMEDIATE transaction per STF. sampling_only: simulateTfSubsamples alone',
      sse:
        'startHeadlessServer with messageStream on 127.0.0.1; clients authenticate with a key from store.apiKeys and filter msg_types=tf_file_registered; ' +
        'they run in one child process; messages are recorded with store.testbed.recordMessage in the server process at sse_rate_per_s. ' +
        'Latency: hrtime (CLOCK_MONOTONIC, shared by both processes) before recordMessage, carried in the body, to the chunk\'s arrival at the client; ' +
        'lost: events recorded minus events received, summed over clients, once every event arrived or after 10 s without arrivals',
      sse_peers:
        'one_client: the same stream with one client; bare_http: a plain node http server writing each event (formatted once) to the same number of clients, ' +
        'the floor of HTTP chunked writes and of the client side',
      renderer_push:
        `startHeadlessServer's WebSocket bridge (attachBridgeSocket) over a real IpcHandlerTable; publish('testbed:messages', [one tf_file_registered view]) ` +
        `at push_rate_per_s; one ws client in a child process. Batched: the binding's default period (${DEFAULT_BATCH_MS} ms, what station serve uses); ` +
        'peer unbatched: batchMs 0 (every publish is its own frame). Rates are over first publish to last receipt',
      server_cpu_share: 'CPU of the bench (server) process during the sending, as a share of one core',
    },
  };
}

/** The JSON report. */
export function formatFastmonBenchJson(result: FastmonBenchResult): string {
  return JSON.stringify(result, null, 2);
}
