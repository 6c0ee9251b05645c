import { describe, expect, it } from 'vitest';
import { formatRegistryBenchJson, runRegistryBench } from '../../main/bench/registry-bench.js';

const FIGURE_KEYS = [
  'agents',
  'cpu_share',
  'rss_mb',
  'rss_peak_mb',
  'expiry_delay_s',
  'expiry_delay_data_s',
  'expiry_within_5_0_6_1',
  'stopped',
  'expired_detected',
  'false_expiries',
  'duration_s',
  'heartbeats_sent',
] as const;

// A small run (the children come from bin/station.js, i.e. the build `npm test` makes first). It checks that the
// bench runs end to end and that the Registry detects exactly the silent agents in time; it says nothing about speed.
describe('registry bench (station bench registry)', () => {
  it('runs router and registry as processes and reports every stopped agent expired 5.0–6.1 s after its last heartbeat', async () => {
    const figures = await runRegistryBench({ agents: 50, durationS: 10, stopCount: 5, stopAtS: 2, warmupS: 1 });
    const report = JSON.parse(formatRegistryBenchJson(figures)) as Record<string, unknown>;
    for (const key of FIGURE_KEYS) expect(report, key).toHaveProperty(key);

    expect(report.agents).toBe(50);
    expect(report.stopped).toBe(5);
    expect(report.expired_detected).toBe(report.stopped);
    expect(report.false_expiries).toBe(0);
    expect(report.registry_listed).toBe(50);
    const delays = report.expiry_delay_s as { min: number; p50: number; max: number };
    expect(delays.min).toBeGreaterThanOrEqual(5.0);
    expect(delays.max).toBeLessThanOrEqual(6.1);
    expect(report.expiry_within_5_0_6_1).toBe(true);

    for (const key of ['cpu_share', 'rss_mb', 'rss_peak_mb', 'duration_s', 'heartbeats_sent'] as const) {
      expect(Number.isFinite(report[key]) && (report[key] as number) > 0, `${key} = ${String(report[key])}`).toBe(true);
    }
    // 50 agents at 1 Hz for about 10 s, minus the stopped ones' missing beats.
    expect(report.heartbeats_sent as number).toBeGreaterThan(400);
  }, 25_000);
});
