import { describe, expect, it } from 'vitest';
import type { FastmonBenchResult } from '../../main/bench/fastmon-bench.js';
import { startStation } from '../helpers/station.js';

// Small sizes through the real CLI (built by `npm test` first) as its own process: the JSON shape, every
// figure with its peer, counts that add up, nothing lost. No assertion on absolute speed (benchmarks
// report figures; tests check they are sound).
describe('fastmon bench (station bench fastmon)', () => {
  it('prints TF records/s, SSE fan-out and renderer push figures with their peers as one JSON document', async () => {
    const proc = startStation([
      'bench', 'fastmon', '--json', '--stfs', '200', '--sse-clients', '10', '--sse-rate', '200', '--push-rate', '200', '--duration', '1',
    ]);
    const stdout: string[] = [];
    proc.child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
    expect(await proc.exited()).toBe(0);
    const report = JSON.parse(stdout.join('')) as FastmonBenchResult;

    // STF → TF records, and the bare SQLite peer over the same rows.
    const tf = report.tf_records;
    expect(report.tf_records_per_s).toBe(tf.store_tf_records_per_s);
    expect(tf.tf_records).toBe(200 * 7);
    expect(tf.rows_check).toEqual({ store: 1400, bare: 1400 });
    for (const rate of [tf.store_tf_records_per_s, tf.bare_sqlite_tf_records_per_s, tf.sampling_only_tf_records_per_s]) expect(rate).toBeGreaterThan(0);
    expect(tf.store_over_bare).toBeGreaterThan(0);

    // SSE: 10 clients of the real stream, and both peers; everything recorded arrives at every client.
    expect(report.sse_clients).toBe(10);
    expect(report.sse_lost).toBe(0);
    expect(report.sse_latency_ms.p50).toBeGreaterThan(0);
    expect(report.sse_latency_ms.p99).toBeGreaterThanOrEqual(report.sse_latency_ms.p50);
    expect(report.sse_latency_ms).toEqual({ p50: report.sse.latency_ms.p50, p99: report.sse.latency_ms.p99 });
    for (const [figures, clients] of [[report.sse, 10], [report.sse_peers.one_client, 1], [report.sse_peers.bare_http, 10]] as const) {
      expect(figures.clients).toBe(clients);
      expect(figures.events_sent).toBe(200);
      expect(figures.received).toBe(200 * clients);
      expect(figures).toMatchObject({ lost: 0, duplicates: 0, dropped_clients: 0 });
      expect(figures.latency_ms.samples).toBe(200 * clients);
      expect(figures.latency_ms.p99).toBeGreaterThanOrEqual(figures.latency_ms.p50);
      expect(figures.latency_ms.max).toBeGreaterThanOrEqual(figures.latency_ms.p99);
    }

    // Renderer push: batched (default period) vs unbatched, nothing lost, frames and items consistent.
    const push = report.renderer_push;
    for (const figures of [push, push.unbatched]) {
      expect(figures.items_sent).toBe(200);
      expect(figures).toMatchObject({ lost: 0, duplicates: 0 });
      expect(figures.items_per_s).toBeGreaterThan(0);
      expect(figures.frames_per_s).toBeGreaterThan(0);
      expect(figures.items_per_frame).toBeGreaterThanOrEqual(1);
      expect(figures.latency_ms.samples).toBe(200);
      expect(figures.latency_ms.p99).toBeGreaterThanOrEqual(figures.latency_ms.p50);
    }
    expect(push.batch_ms).toBe(50);
    expect(push.unbatched.batch_ms).toBe(0);
    // Unbatched, every publish is its own frame.
    expect(push.unbatched.items_per_frame).toBe(1);

    expect(report.targets.sse_lost_0).toBe(true);
    expect(report.targets.renderer_push_lost_0).toBe(true);
    expect(report.setup).toMatchObject({ sizes: { stfs: 200, tfs_per_stf: 7, sse_clients: 10, sse_rate_per_s: 200, push_rate_per_s: 200, duration_s: 1 } });
    expect(proc.lines.some((line) => line.startsWith('bench: SSE stream: 10 clients'))).toBe(true);
  }, 40_000);

  it('refuses a bad flag with a message naming it', async () => {
    for (const [flag, value, message] of [
      ['--stfs', 'x', '--stfs must be a number between 10'],
      ['--sse-clients', '2.5', '--sse-clients must be a whole number between 1'],
      ['--duration', '0', '--duration must be a number between 0.2'],
    ]) {
      const proc = startStation(['bench', 'fastmon', '--json', flag, value]);
      expect(await proc.exited()).toBe(1);
      expect(proc.lines.join('\n')).toContain(message);
    }
  });
});
