import type { Command } from 'commander';
import { REGISTRY_BENCH_DEFAULTS, formatRegistryBenchJson, runRegistryBench } from '../bench/registry-bench.js';
import { SMURF_BENCH_DEFAULTS, formatSmurfBenchJson, runSmurfBench, type SmurfBenchResult } from '../bench/smurf-bench.js';
import { TESTBED_BENCH_DEFAULTS, formatTestbedBenchJson, runTestbedBench, type TestbedBenchResult } from '../bench/testbed-bench.js';
import { FASTMON_BENCH_DEFAULTS, formatFastmonBenchJson, runFastmonBench, type FastmonBenchResult } from '../bench/fastmon-bench.js';
import { evaluateTargets, formatRouterBenchJson, runRouterBench, type RouterFigures } from '../bench/router-bench.js';
import type { Placement } from '../bench/cpu-affinity.js';
import { LOGS_BENCH_DEFAULTS, formatLogsBenchJson, runLogsBench } from '../bench/logs-bench.js';
import { parseNumber } from './lifecycle.js';
import { addBenchAll } from '../bench/bench-all.js';
import { addSoakBench } from '../bench/soak-command.js';

const PLACEMENTS: Placement[] = ['separate-cores', 'same-core', 'unpinned'];

interface RouterBenchCliOptions {
  json?: boolean;
  calls: number;
  events: number;
  placement: Placement;
  floor?: boolean;
}

interface SmurfBenchCliOptions {
  json?: boolean;
  repetitions: number;
  opMs: number;
  counts: number[];
}

interface RegistryBenchCliOptions {
  json?: boolean;
  agents: number;
  duration: number;
  stopCount: number;
  stopAt: number;
}

/** `station bench router|registry|smurf|testbed|fastmon`: the benchmarks of the station core; JSON on stdout with --json, progress on stderr. */
export function addBenchCommand(program: Command): void {
  const bench = program.command('bench').description('measure the station router and Registry (figures on stdout, progress on stderr)');
  bench
    .command('router')
    .description('station router vs fox-wamp: RPC latency and rate, pub/sub rate, router RSS (same autobahn-js client)')
    .option('--json', 'print the figures as JSON')
    .option('--calls <n>', 'measured sequential calls', parseNumber('--calls', 10), 5_000)
    .option('--events <n>', 'measured pub/sub events', parseNumber('--events', 100), 100_000)
    .option('--placement <p>', `CPU placement: ${PLACEMENTS.join(', ')}`, parsePlacement, 'separate-cores')
    .option('--floor', 'also measure a minimal relay on ws (the floor any Node router can reach)')
    .action(async (options: RouterBenchCliOptions) => {
      const result = await runRouterBench({
        calls: options.calls,
        warmupCalls: Math.ceil(options.calls / 10),
        events: options.events,
        warmupEvents: Math.ceil(options.events / 10),
        placement: options.placement,
        includeFloor: options.floor,
        onProgress: progress,
      });
      if (options.json) return void process.stdout.write(`${formatRouterBenchJson(result)}\n`);
      const rows = Object.entries({ station: result.station, fox_wamp: result.fox_wamp, ...(result.ws_floor && { ws_floor: result.ws_floor }) });
      for (const [name, figures] of rows) process.stdout.write(`${name.padEnd(9)} ${describeRouter(figures)}\n`);
      const targets = evaluateTargets(result);
      process.stdout.write(`targets: calls/s ≥ 2× ${mark(targets.calls_per_s_2x)}, msgs/s ≥ 2× ${mark(targets.pubsub_2x)}, p99 ≤ ${mark(targets.p99_le)}\n`);
    });
  bench
    .command('registry')
    .description('Registry under simulated agents heartbeating at 1 Hz: CPU share, RSS, expiry detection delay')
    .option('--json', 'print the figures as JSON')
    .option('--agents <n>', 'simulated agents', parseNumber('--agents', 1), REGISTRY_BENCH_DEFAULTS.agents)
    .option('--duration <s>', 'seconds of heartbeating', parseNumber('--duration', 3), REGISTRY_BENCH_DEFAULTS.durationS)
    .option('--stop-count <n>', 'agents that go silent mid-run', parseNumber('--stop-count', 0), REGISTRY_BENCH_DEFAULTS.stopCount)
    .option('--stop-at <s>', 'when they go silent (seconds into the run)', parseNumber('--stop-at', 0), REGISTRY_BENCH_DEFAULTS.stopAtS)
    .action(async (options: RegistryBenchCliOptions) => {
      progress(`${options.agents} agents for ${options.duration} s, ${options.stopCount} of them silent from ${options.stopAt} s`);
      const figures = await runRegistryBench({ agents: options.agents, durationS: options.duration, stopCount: options.stopCount, stopAtS: options.stopAt });
      if (options.json) return void process.stdout.write(`${formatRegistryBenchJson(figures)}\n`);
      const delay = figures.expiry_delay_s;
      process.stdout.write(
        `registry: ${figures.agents} agents, CPU ${(figures.cpu_share * 100).toFixed(1)} % of a core, RSS ${figures.rss_mb} MB; ` +
          `expiry delay min ${delay.min} s, p50 ${delay.p50} s, max ${delay.max} s (${figures.expired_detected}/${figures.stopped} detected, ` +
          `${figures.false_expiries} false) ${mark(figures.expiry_within_5_0_6_1)}\n`,
      );
    });
  bench
    .command('smurf')
    .description('MultiSmurfManager fan-out overhead at 1/16/64 controllers; PysmurfController run first-output and abort-to-tree-gone latency')
    .option('--json', 'print the figures as JSON')
    .option('--repetitions <n>', 'measured runs per figure (medians)', parseNumber('--repetitions', 1), SMURF_BENCH_DEFAULTS.repetitions)
    .option('--op-ms <ms>', 'duration of the fanned-out op', parseNumber('--op-ms', 1), SMURF_BENCH_DEFAULTS.opMs)
    .option('--counts <list>', 'comma-separated controller counts', parseCounts, [...SMURF_BENCH_DEFAULTS.counts])
    .action(async (options: SmurfBenchCliOptions) => {
      // autobahn-js reports closed connections with console.log: keep stdout for the figures alone.
      console.log = (...args: unknown[]) => console.error(...args);
      const result = await runSmurfBench({ counts: options.counts, opMs: options.opMs, repetitions: options.repetitions, onProgress: progress });
      if (options.json) return void process.stdout.write(`${formatSmurfBenchJson(result)}\n`);
      process.stdout.write(describeSmurf(result));
    });
  addTestbedBench(bench);
  addFastmonBench(bench);
  addSoakBench(bench);
  addBenchAll(bench);
}

interface FastmonBenchCliOptions {
  json?: boolean;
  stfs: number;
  tfsPerStf: number;
  sseClients: number;
  sseRate: number;
  pushRate: number;
  duration: number;
}

/** `station bench fastmon`: STF → TF records/s, SSE fan-out latency and loss, renderer push batching; each with its peer. */
function addFastmonBench(bench: Command): void {
  bench
    .command('logs')
    .description('log viewer on a generated log: first screen, search vs grep -c, follow throughput, RSS above idle')
    .option('--json', 'print the figures as JSON')
    .option('--size-mb <n>', 'size of the generated log', parseNumber('--size-mb', 1), LOGS_BENCH_DEFAULTS.sizeMb)
    .option('--follow-lines <n>', 'lines the follow writer appends', parseNumber('--follow-lines', 1), LOGS_BENCH_DEFAULTS.followLines)
    .action(async (options: { json?: boolean; sizeMb: number; followLines: number }) => {
      const r = await runLogsBench({ sizeMb: options.sizeMb, followLines: options.followLines, query: LOGS_BENCH_DEFAULTS.query, onProgress: progress });
      if (options.json) return void process.stdout.write(`${formatLogsBenchJson(r)}\n`);
      process.stdout.write(
        `${r.file_bytes} bytes: first screen ${r.first_screen_ms} ms, search ${r.search_ms} ms vs grep -c ${r.grep_ms} ms, ` +
          `follow ${r.follow_lines_per_s} lines/s (${r.dropped_lines} dropped), RSS +${r.rss_mb_above_idle} MB\n`,
      );
    });
  const d = FASTMON_BENCH_DEFAULTS;
  bench
    .command('fastmon')
    .description('fast monitoring: STF → TF records/s (vs bare SQLite), SSE fan-out p50/p99 and loss (vs 1 client, bare http), renderer push batching (vs unbatched)')
    .option('--json', 'print the figures as JSON')
    .option('--stfs <n>', 'STFs sampled and recorded', parseWhole('--stfs', 10, 1_000_000), d.stfs)
    .option('--tfs-per-stf <n>', 'TF subsamples per STF', parseWhole('--tfs-per-stf', 1, 100), d.tfsPerStf)
    .option('--sse-clients <n>', 'SSE stream clients', parseWhole('--sse-clients', 1, 1000), d.sseClients)
    .option('--sse-rate <n>', 'messages recorded per second during the SSE measurement', parseWhole('--sse-rate', 1, 100_000), d.sseRate)
    .option('--push-rate <n>', 'items published per second during the push measurement', parseWhole('--push-rate', 1, 100_000), d.pushRate)
    .option('--duration <s>', 'seconds of sending per SSE and push measurement', parseNumber('--duration', 0.2, 600), d.durationS)
    .action(async (options: FastmonBenchCliOptions) => {
      const result = await runFastmonBench({
        stfs: options.stfs, tfsPerStf: options.tfsPerStf, sseClients: options.sseClients, sseRate: options.sseRate,
        pushRate: options.pushRate, durationS: options.duration, onProgress: progress,
      });
      if (options.json) return void process.stdout.write(`${formatFastmonBenchJson(result)}\n`);
      process.stdout.write(describeFastmon(result));
    });
}

function describeFastmon(r: FastmonBenchResult): string {
  const t = r.tf_records;
  const peer = r.sse_peers;
  const push = r.renderer_push;
  return (
    `TF records: ${r.tf_records_per_s}/s (bare better-sqlite3 ${t.bare_sqlite_tf_records_per_s}/s, sampling alone ${t.sampling_only_tf_records_per_s}/s) ` +
    `(≥ 10,000 ${mark(r.targets.tf_records_per_s_ge_10000)})\n` +
    `SSE ${r.sse_clients} clients at ${r.sse_rate_per_s}/s: p50 ${r.sse_latency_ms.p50} ms, p99 ${r.sse_latency_ms.p99} ms (≤ 50 ${mark(r.targets.sse_p99_le_50_ms)}), ` +
    `lost ${r.sse_lost}; 1 client p99 ${peer.one_client.latency_ms.p99} ms; bare http p99 ${peer.bare_http.latency_ms.p99} ms\n` +
    `renderer push at ${push.items_sent} items: ${push.frames_per_s} frames/s, ${push.items_per_frame} items/frame, p99 ${push.latency_ms.p99} ms, lost ${push.lost}; ` +
    `unbatched ${push.unbatched.frames_per_s} frames/s, p99 ${push.unbatched.latency_ms.p99} ms\n`
  );
}

/** A whole number in [min, max]; the error names the flag. */
function parseWhole(name: string, min: number, max: number): (value: string) => number {
  const parse = parseNumber(name, min, max);
  return (value) => {
    const number = parse(value);
    if (!Number.isInteger(number)) throw new Error(`${name} must be a whole number between ${min} and ${max}, got "${value}"`);
    return number;
  };
}

interface TestbedBenchCliOptions {
  json?: boolean;
  messages: number;
  stfs: number;
  stomp: boolean;
}

/** `station bench testbed`: bus adapters' throughput and the stf_gen → stf_ready latency. */
function addTestbedBench(bench: Command): void {
  bench
    .command('testbed')
    .description('testbed bus: msgs/s through STOMP/ActiveMQ and the embedded router; stf_gen → stf_ready latency (runner + data agent)')
    .option('--json', 'print the figures as JSON')
    .option('--messages <n>', 'messages per bus adapter', parseNumber('--messages', 100), TESTBED_BENCH_DEFAULTS.messages)
    .option('--stfs <n>', 'STFs in the end-to-end run', parseNumber('--stfs', 10), TESTBED_BENCH_DEFAULTS.stfs)
    .option('--no-stomp', 'skip ActiveMQ (stomp_msgs_per_s is then null)')
    .action(async (options: TestbedBenchCliOptions) => {
      console.log = (...args: unknown[]) => console.error(...args);
      const result = await runTestbedBench({ messages: options.messages, stfs: options.stfs, skipStomp: !options.stomp, onProgress: progress });
      if (options.json) return void process.stdout.write(`${formatTestbedBenchJson(result)}\n`);
      process.stdout.write(describeTestbed(result));
    });
}

function describeTestbed(r: TestbedBenchResult): string {
  const stomp = r.stomp_msgs_per_s === null ? `n/a (${r.stomp_note})` : `${r.stomp_msgs_per_s} msgs/s (lost ${r.lost.stomp})`;
  return (
    `STOMP/ActiveMQ ${stomp}; embedded router ${r.embedded_msgs_per_s} msgs/s (lost ${r.lost.embedded})\n` +
    `stf_gen → stf_ready p50 ${r.stf_gen_to_ready_ms.p50} ms, p99 ${r.stf_gen_to_ready_ms.p99} ms over ${r.stfs} STFs (lost ${r.lost.stf_ready})\n` +
    `targets: no message lost ${mark(r.targets.no_message_lost)}, p99 < 50 ms ${mark(r.targets.p99_lt_50_ms_embedded)}\n`
  );
}

function parseCounts(value: string): number[] {
  const counts = value.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 256)) throw new Error(`--counts must be a comma-separated list of integers 1..256, got "${value}"`);
  return counts;
}

function describeSmurf(r: SmurfBenchResult): string {
  const overhead = Object.entries(r.fanout_overhead_ms).map(([n, ms]) => `${n}: ${ms} ms`).join(', ');
  return (
    `fan-out overhead (single controller ${r.single_controller_op_ms} ms): ${overhead} ${r.targets.fanout_64_le_50_ms === null ? '' : `(≤ 50 ms at 64 ${mark(r.targets.fanout_64_le_50_ms)})`}\n` +
    `run → first output ${r.first_output_ms} ms (≤ 100 ms ${mark(r.targets.first_output_le_100_ms)}); ` +
    `abort → tree gone ${r.abort_tree_gone_ms} ms (≤ 1 s ${mark(r.targets.abort_tree_gone_le_1000_ms)})\n`
  );
}

function parsePlacement(value: string): Placement {
  if (!PLACEMENTS.includes(value as Placement)) throw new Error(`--placement must be one of ${PLACEMENTS.join(', ')}, got "${value}"`);
  return value as Placement;
}

function describeRouter(f: RouterFigures): string {
  return `RPC median ${f.rpc_median_ms} ms, p99 ${f.rpc_p99_ms} ms, ${f.calls_per_s} calls/s, ${f.pubsub_msgs_per_s} msgs/s, RSS ${f.rss_mb} MB`;
}

function mark(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}
