import { describe, expect, it } from 'vitest';
import type { TestbedBenchResult } from '../../main/bench/testbed-bench.js';
import { startStation } from '../helpers/station.js';

// Small counts through the real CLI (built by `npm test` first), with a real ActiveMQ and the embedded
// router: every key, nothing lost, and the embedded p99 target.
describe('testbed bench (station bench testbed)', () => {
  it('prints STOMP and embedded msgs/s and stf_gen → stf_ready p50/p99 as one JSON document, nothing lost', async () => {
    const proc = startStation(['bench', 'testbed', '--json', '--messages', '2000', '--stfs', '50']);
    const stdout: string[] = [];
    proc.child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
    expect(await proc.exited()).toBe(0);
    const report = JSON.parse(stdout.join('')) as TestbedBenchResult;
    expect(report.stomp_msgs_per_s ?? 0).toBeGreaterThan(100);
    expect(report.embedded_msgs_per_s).toBeGreaterThan(100);
    const { p50, p99 } = report.stf_gen_to_ready_ms;
    expect(p50).toBeGreaterThan(0);
    expect(p99).toBeGreaterThanOrEqual(p50);
    expect(p99).toBeLessThan(50);
    expect(report.lost).toEqual({ stomp: 0, embedded: 0, stf_ready: 0 });
    expect(report.duplicated).toEqual({ stomp: 0, embedded: 0 });
    expect(report.targets).toEqual({ no_message_lost: true, p99_lt_50_ms_embedded: true });
    expect(proc.lines.some((line) => line === 'bench: ActiveMQ STOMP: 2000 messages')).toBe(true);
  }, 50_000);

  it('refuses a bad --stfs with a message naming it', async () => {
    const proc = startStation(['bench', 'testbed', '--stfs', 'x']);
    expect(await proc.exited()).toBe(1);
    expect(proc.lines.join('\n')).toContain('--stfs must be a number between 10');
  });
});
