import type { Command } from 'commander';
import { parseNumber } from '../cli/lifecycle.js';
import { SOAK_BENCH_DEFAULTS, formatSoakBenchJson, runSoakBench } from './soak-bench.js';

/** `station bench soak`: a headless station under agents, smurf scripts, testbed workflows and viewers for --minutes. */
export function addSoakBench(bench: Command): void {
  bench
    .command('soak')
    .description('soak a headless station (500 agents, 4 smurf loops, testbed loop with fastmon, 2 viewers): RSS growth, fds, loop lag, messages lost')
    .option('--json', 'print the figures as JSON')
    .option('--minutes <m>', 'length of the soak (may be fractional)', parseNumber('--minutes', 0.05, 24 * 60), SOAK_BENCH_DEFAULTS.minutes)
    .option('--agents <n>', 'heartbeat-only agents', parseNumber('--agents', 1, 10_000), SOAK_BENCH_DEFAULTS.agents)
    .option('--stf-count <n>', 'STFs per testbed execution', parseNumber('--stf-count', 1, 10_000), SOAK_BENCH_DEFAULTS.stfCount)
    .action(async (options: { json?: boolean; minutes: number; agents: number; stfCount: number }) => {
      console.log = (...args: unknown[]) => console.error(...args);
      const r = await runSoakBench({ minutes: options.minutes, agents: Math.round(options.agents), stfCount: Math.round(options.stfCount), onProgress: (line) => process.stderr.write(`bench: ${line}\n`) });
      if (options.json) return void process.stdout.write(`${formatSoakBenchJson(r)}\n`);
      const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
      process.stdout.write(
        `soak ${options.minutes} min, ${r.samples.length} samples: RSS ${r.rss_mb.after_warmup} → ${r.rss_mb.end} MB (${r.rss_growth_pct_after_warmup} % after warm-up, < 10 % ${mark(r.targets.rss_growth_lt_10_pct)}), ` +
          `fds +${r.fd_growth}, CPU mean ${r.cpu_share.mean} of a core\n` +
          `memory troughs: RSS ${r.memory.rss_trough_mb.after_warmup} → ${r.memory.rss_trough_mb.end} MB (${r.memory.rss_trough_mb.growth_pct} %), ` +
          `JS heap used ${r.memory.heap_used_trough_mb.after_warmup} → ${r.memory.heap_used_trough_mb.end} MB (${r.memory.heap_used_trough_mb.growth_pct} %)\n` +
          `loop lag (app:info round trip) p50 ${r.loop_lag_ms.p50} ms, p99 ${r.loop_lag_ms.p99} ms (< 50 ${mark(r.targets.loop_lag_p99_lt_50_ms)}); ` +
          `messages lost ${r.messages_lost} of ${r.messages.stored} × ${r.viewers.count} viewers (${mark(r.targets.messages_lost_eq_0)})\n` +
          `smurf runs ${r.smurf.runs_ok} ok, ${r.smurf.runs_failed} failed; testbed executions ${r.testbed.executions_completed} completed${r.testbed.note ? ` (${r.testbed.note})` : ''}\n`,
      );
    });
}
