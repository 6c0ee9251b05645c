import { describe, expect, it } from 'vitest';
import { evaluateTargets, formatRouterBenchJson, runRouterBench, type RouterBenchResult } from '../../main/bench/router-bench.js';

const FIGURE_KEYS = ['rpc_median_ms', 'rpc_p99_ms', 'calls_per_s', 'pubsub_msgs_per_s', 'rss_mb', 'rss_peak_mb'] as const;

// Tiny counts: this checks that the bench runs end to end and reports sane figures, never how fast anything is.
describe('router bench (station bench router)', () => {
  it('measures both routers, each in its own process, and reports every figure', async () => {
    const result: RouterBenchResult = await runRouterBench({ calls: 200, warmupCalls: 20, events: 2_000, warmupEvents: 200, includeFloor: true });
    const report = JSON.parse(formatRouterBenchJson(result)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(report).sort()).toEqual(['fox_wamp', 'station', 'targets', 'ws_floor']);
    for (const router of ['station', 'fox_wamp', 'ws_floor']) {
      for (const key of FIGURE_KEYS) {
        const value = report[router][key];
        expect(typeof value, `${router}.${key}`).toBe('number');
        expect(Number.isFinite(value) && (value as number) > 0, `${router}.${key} = ${value}`).toBe(true);
      }
      expect(report[router].pubsub_lost, `${router} lost events`).toBe(0);
    }
    expect(report.targets).toEqual(evaluateTargets(result));
    for (const flag of Object.values(report.targets)) expect(typeof flag).toBe('boolean');
  }, 120_000);
});
