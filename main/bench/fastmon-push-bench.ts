/**
 * Renderer push batching: the real headless server (`startHeadlessServer`: token-checked upgrade, then
 * `attachBridgeSocket` with its PushBatcher) and a real `IpcHandlerTable`, whose `publish` is fed one
 * `testbed:messages` item (a tf_file_registered message view, as the testbed service pushes each
 * recorded message) at a fixed rate. One renderer-like WebSocket client in a child process counts frames
 * and items and measures receive − send per item. Peer in the same run: the same stream with batchMs 0
 * (each publish goes out as its own frame at once), so the figures show what batching buys and costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_PATH, TOKEN_PARAM } from '../../shared/ipc.js';
import type { TestbedMessageView } from '../../shared/testbed.js';
import { IpcHandlerTable, type Handlers } from '../ipc/handler-table.js';
import { startHeadlessServer } from '../serve/server.js';
import { round } from './stats.js';
import { paced, startClientsChild, withCpuShare, type LatencyFigures } from './fastmon-clients.js';
import { tfRegisteredBody } from './fastmon-sse-bench.js';

export interface PushBenchOptions {
  ratePerS: number;
  durationMs: number;
  onProgress?: (line: string) => void;
}

export interface PushFigures {
  /** The binding's batching period (ms); 0 sends every publish at once. */
  batch_ms: number;
  items_sent: number;
  /** Items received per second, from the first publish to the last frame's receipt. */
  items_per_s: number;
  frames_per_s: number;
  items_per_frame: number;
  latency_ms: LatencyFigures;
  lost: number;
  duplicates: number;
  /** CPU of the bench (server) process while publishing, as a share of one core. */
  server_cpu_share: number;
  /** CPU of the client child while publishing, as a share of one core. */
  client_cpu_share: number;
}

export interface PushBenchFigures {
  batched: PushFigures;
  unbatched: PushFigures;
}

const CHANNEL = 'testbed:messages';
/** attachBridgeSocket's default period, which `station serve` uses (it passes no batchMs). */
export const DEFAULT_BATCH_MS = 50;

export async function runPushBench(options: PushBenchOptions): Promise<PushBenchFigures> {
  const progress = options.onProgress ?? (() => {});
  progress(`renderer push: ${options.ratePerS} items/s on ${CHANNEL} for ${options.durationMs / 1000} s, default batching`);
  const batched = await measure(undefined, options);
  progress(`renderer push, batched: ${batched.frames_per_s} frames/s, ${batched.items_per_frame} items/frame, p99 ${batched.latency_ms.p99} ms, lost ${batched.lost}`);
  progress('renderer push: batchMs 0 (peer)');
  const unbatched = await measure(0, options);
  progress(`renderer push, unbatched: ${unbatched.frames_per_s} frames/s, p99 ${unbatched.latency_ms.p99} ms, lost ${unbatched.lost}`);
  return { batched, unbatched };
}

async function measure(batchMs: number | undefined, options: PushBenchOptions): Promise<PushFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'station-bench-fastmon-push-'));
  const table = new IpcHandlerTable({} as Handlers);
  const server = await startHeadlessServer({ host: '127.0.0.1', port: 0, table, rendererDir: dir, batchMs });
  const child = startClientsChild('fastmon-push-client-child', {
    url: `ws://127.0.0.1:${server.port}${BRIDGE_PATH}?${TOKEN_PARAM}=${server.token}`, channel: CHANNEL, settleMs: 5_000,
  });
  try {
    await child.ready;
    const phase = batchMs === undefined ? 'batched' : `batch${batchMs}`;
    const { value, cpuShare, wallMs } = await withCpuShare(() =>
      paced(options.ratePerS, options.durationMs, (seq) => table.publish(CHANNEL, [messageView(phase, seq)])),
    );
    const result = await child.finish(value.sent);
    const received = result.received[0] ?? 0;
    const seconds = Math.max(1e-3, (result.lastAt - value.startedAt) / 1000);
    return {
      batch_ms: batchMs ?? DEFAULT_BATCH_MS,
      items_sent: value.sent,
      items_per_s: Math.round(received / seconds),
      frames_per_s: round(result.frames / seconds, 1),
      items_per_frame: result.frames === 0 ? 0 : round(received / result.frames, 2),
      latency_ms: result.latency_ms,
      lost: Math.max(0, value.sent - received),
      duplicates: result.duplicates,
      server_cpu_share: cpuShare,
      client_cpu_share: round(result.cpu_ms / wallMs, 3),
    };
  } finally {
    await child.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the testbed service pushes for one recorded tf_file_registered message. */
function messageView(phase: string, seq: number): TestbedMessageView {
  const body = tfRegisteredBody(phase, seq);
  return {
    id: seq + 1, receivedAt: Date.now(), destination: '/topic/epictopic', msgType: 'tf_file_registered', sender: 'fastmon-agent-bench-1',
    namespace: 'bench', runId: '100010', executionId: `bench-${phase}`, body,
  };
}
