import { describe, expect, it } from 'vitest';
import { startStation } from '../helpers/station.js';

// The soak is a bench, not CI: this runs the tiny version (18 s of load) and checks the report's shape, not its figures.
describe('station bench soak', () => {
  it('--minutes 0.3 --json samples main every second and reports growth, fds, loop lag and messages lost', async () => {
    const proc = startStation(['bench', 'soak', '--minutes', '0.3', '--json']);
    const stdout: string[] = [];
    proc.child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString('utf8')));
    expect(await proc.exited()).toBe(0);
    const report = JSON.parse(stdout.join('')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(report.samples.length).toBeGreaterThanOrEqual(10);
    for (const sample of report.samples) {
      expect(sample.rss_mb).toBeGreaterThan(0);
      expect(sample.fds).toBeGreaterThan(0);
      expect(Number.isFinite(sample.cpu_share)).toBe(true);
      expect(sample.lag_ms).toHaveProperty('p99');
      // Main's own account: its RSS agrees with /proc's within the sampling gap, and the JS heap is part of it.
      expect(sample.main_memory_mb.heapUsed).toBeGreaterThan(0);
      expect(sample.main_memory_mb.heapUsed).toBeLessThan(sample.main_memory_mb.rss);
    }
    expect(typeof report.rss_growth_pct_after_warmup).toBe('number');
    expect(typeof report.fd_growth).toBe('number');
    expect(report.memory.rss_trough_mb.after_warmup).toBeLessThanOrEqual(report.memory.rss_mb.after_warmup);
    expect(report.memory.heap_used_trough_mb.end).toBeGreaterThan(0);
    expect(report.loop_lag_ms.p50).toBeGreaterThan(0);
    expect(report.loop_lag_ms.p99).toBeGreaterThanOrEqual(report.loop_lag_ms.p50);
    expect(Number.isInteger(report.messages_lost)).toBe(true);
    expect(report.agents.count).toBe(500);
    expect(report.agents.heartbeats_sent).toBeGreaterThan(0);
    expect(report.viewers.count).toBe(2);
    expect(report.smurf.runs_ok + report.smurf.runs_failed).toBeGreaterThan(0);
    expect(report.testbed).toHaveProperty('supervisord');
    expect(Object.keys(report.targets).sort()).toEqual(['loop_lag_p99_lt_50_ms', 'messages_lost_eq_0', 'rss_growth_lt_10_pct']);
    expect(report.setup.loop_lag).toMatch(/round trip of app:info/);
    expect(report.setup.minutes).toBe(0.3);
  }, 180_000);
});
