import { describe, expect, it } from 'vitest';
import { allowedCpus } from '../../main/bench/cpu-affinity.js';
import { evaluateTargets, formatRouterBenchJson, runRouterBench } from '../../main/bench/router-bench.js';

/** Figures that must be positive even with tiny counts. */
const POSITIVE_KEYS = ['rpc_median_ms', 'rpc_p99_ms', 'calls_per_s', 'pubsub_msgs_per_s', 'rss_mb', 'rss_peak_mb'] as const;
/** CPU figures: 10 ms clock resolution, so tiny runs may legitimately read 0. */
const NON_NEGATIVE_KEYS = ['router_cpu_us_per_call', 'router_cpu_us_per_event', 'client_cpu_us_per_call', 'client_cpu_us_per_event'] as const;

// Tiny counts: this checks that the bench runs end to end and reports sane figures, never how fast anything is.
describe('router bench (station bench router)', () => {
  it('measures both routers and the floor, each in its own process, and reports every figure', async () => {
    const cpusBefore = allowedCpus();
    const result = await runRouterBench({ calls: 200, warmupCalls: 20, events: 2_000, warmupEvents: 200, includeFloor: true });
    const report = JSON.parse(formatRouterBenchJson(result)) as Record<string, Record<string, unknown>>;

    expect(Object.keys(report).sort()).toEqual(['fox_wamp', 'setup', 'station', 'targets', 'ws_floor']);
    for (const router of ['station', 'fox_wamp', 'ws_floor']) {
      for (const key of POSITIVE_KEYS) {
        const value = report[router][key];
        expect(Number.isFinite(value) && (value as number) > 0, `${router}.${key} = ${value}`).toBe(true);
      }
      for (const key of NON_NEGATIVE_KEYS) {
        const value = report[router][key];
        expect(Number.isFinite(value) && (value as number) >= 0, `${router}.${key} = ${value}`).toBe(true);
      }
      expect(report[router].pubsub_lost, `${router} lost events`).toBe(0);
    }
    expect(report.setup).toMatchObject({ calls: 200, warmup_calls: 20, events: 2_000, warmup_events: 200 });
    expect(report.targets).toEqual(evaluateTargets(result));
    for (const flag of Object.values(report.targets)) expect(typeof flag).toBe('boolean');
    // Pinning the clients to one CPU must not outlive the bench.
    expect(allowedCpus()).toEqual(cpusBefore);
  }, 120_000);
});
