import { describe, expect, it } from 'vitest';
import { startStation } from '../helpers/station.js';

/** Every figure the issue asks for, plus the decomposition and context keys. */
const NUMBER_KEYS = ['single_controller_op_ms', 'first_output_ms', 'first_output_direct_spawn_ms', 'abort_tree_gone_ms', 'abort_tree_size'] as const;

// Small counts through the real CLI (the build `npm test` makes first): it checks that `station bench smurf --json` runs
// end to end, prints only JSON on stdout and reports every key; it says nothing about speed beyond sanity bounds.
describe('smurf bench (station bench smurf)', () => {
  it('prints fan-out overhead per count, first-output and abort latencies, targets and setup as one JSON document', async () => {
    const proc = startStation(['bench', 'smurf', '--json', '--counts', '1,4', '--repetitions', '1', '--op-ms', '200']);
    const stdout: string[] = [];
    proc.child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
    expect(await proc.exited()).toBe(0);
    const report = JSON.parse(stdout.join('')) as Record<string, unknown>;

    const overhead = report.fanout_overhead_ms as Record<string, number>;
    const wall = report.fanout_wall_ms as Record<string, number>;
    expect(Object.keys(overhead)).toEqual(['1', '4']);
    for (const n of ['1', '4']) {
      expect(Number.isFinite(overhead[n]), `overhead ${n}`).toBe(true);
      // The fanned-out op sleeps 200 ms on every controller: the manager cannot be faster than that.
      expect(wall[n]).toBeGreaterThanOrEqual(200);
      expect(wall[n]).toBeCloseTo((report.single_controller_op_ms as number) + overhead[n], 0);
    }
    for (const key of NUMBER_KEYS) expect((report[key] as number) > 0, `${key} = ${String(report[key])}`).toBe(true);
    expect(report.abort_tree_size).toBe(4);
    // The bench itself fails when an abort leaves processes behind for 10 s; a finished run means the tree went.
    expect(report.abort_tree_gone_ms as number).toBeLessThan(10_000);
    expect(report.targets).toEqual({
      fanout_64_le_50_ms: null,
      first_output_le_100_ms: (report.first_output_ms as number) <= 100,
      abort_tree_gone_le_1000_ms: (report.abort_tree_gone_ms as number) <= 1000,
    });
    expect(report.setup).toMatchObject({ fanout_op_ms: 200, statistic: 'median of 1 runs (each after one unmeasured warm-up run)' });
    expect(proc.lines.some((line) => line.startsWith('bench: fan-out to 4: median'))).toBe(true);
  }, 60_000);

  it('refuses a bad --counts list with a message naming it', async () => {
    const proc = startStation(['bench', 'smurf', '--counts', '1,x']);
    await proc.waitForLine(/--counts must be a comma-separated list of integers 1\.\.256, got "1,x"/);
    expect(await proc.exited()).toBe(1);
  });
});
