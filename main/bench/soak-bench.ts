import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppInfo, MainMemory, OpReplyView } from '../../shared/ipc.js';
import type { SmurfSlot } from '../../shared/smurf.js';
import type { TestbedExecutionView, TestbedMessageView, TestbedRunResult } from '../../shared/testbed.js';
import { findSupervisord } from '../testbed/supervisor/index.js';
import { HeartbeatLoad, simulatedAgents } from './registry-load.js';
import { processCpuSeconds, processMemoryMb } from './registry-processes.js';
import { RawWampLink } from './registry-wamp-link.js';
import { soakMemoryFigures, warmWindows, type SoakMemoryFigures } from './soak-memory.js';
import { BridgeClient } from './soak-bridge.js';
import { fdCount, startServe } from './soak-serve.js';
import { quantile, round } from './stats.js';

export const SOAK_BENCH_DEFAULTS = { minutes: 30, agents: 500, slots: 4, viewers: 2, stfCount: 10 } as const;

export interface SoakBenchOptions {
  minutes: number;
  agents?: number;
  viewers?: number;
  stfCount?: number;
  onProgress?: (line: string) => void;
}

export interface SoakSample {
  /** Seconds since the load started. */
  t_s: number;
  rss_mb: number;
  /** Main's own account of its memory (app:info), null when the call failed. */
  main_memory_mb: MainMemory | null;
  /** Share of one core used by main since the previous sample. */
  cpu_share: number;
  fds: number;
  lag_ms: { p50: number; p99: number; n: number };
  heartbeats_sent: number;
  smurf_runs: number;
  /** Id of the newest stored testbed message (ids count up from 1): how far the store has grown. */
  testbed_newest_message_id: number;
}

export interface SoakBenchResult {
  samples: SoakSample[];
  rss_mb: { start: number; after_warmup: number; end: number; max: number };
  rss_growth_pct_after_warmup: number;
  /** Where the RSS goes: troughs of RSS and of the JS heap, external memory, V8's reserved heap. */
  memory: SoakMemoryFigures;
  fd_growth: number;
  fds: { after_warmup: number; end: number; max: number };
  cpu_share: { mean: number; max: number };
  /** After warm-up. */
  loop_lag_ms: { p50: number; p99: number };
  loop_lag_ms_including_warmup: { p50: number; p99: number; max: number };
  messages_lost: number;
  messages: { stored: number; per_viewer_received: number[]; per_viewer_lost: number[] };
  smurf: { runs_ok: number; runs_failed: number; errors: string[] };
  testbed: { executions_completed: number; executions_other: number; supervisord: boolean; note: string | null; errors: string[] };
  agents: { count: number; heartbeats_sent: number; max_lateness_ms: number };
  viewers: { count: number; push_frames: number[]; disconnected: number };
  targets: { rss_growth_lt_10_pct: boolean; loop_lag_p99_lt_50_ms: boolean; messages_lost_eq_0: boolean };
  setup: Record<string, unknown>;
}

const TESTBED_CONFIG = `
[testbed]
namespace = "soak"
[agents.data]
enabled = true
[agents.fastmon]
enabled = true
[workflow]
name = "stf_datataking"
config = "fast_processing_default"
realtime = false
`;

function median(values: readonly number[]): number {
  return quantile([...values].filter(Number.isFinite).sort((a, b) => a - b), 0.5);
}

function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : Number.NaN;
}

/** Keeps `errors` short: the first few distinct messages. */
function noteError(errors: string[], message: string): void {
  if (errors.length < 10 && !errors.includes(message)) errors.push(message);
}

/**
 * The soak: a headless station (`station serve` child with its own data dir) under 500 heartbeating
 * agents, 4 smurf slots running a script in a loop, a fast testbed workflow (fastmon on) in a loop and
 * two headless viewers; samples main's RSS, CPU, fds and the bridge round-trip (event-loop lag proxy).
 */
export async function runSoakBench(options: SoakBenchOptions): Promise<SoakBenchResult> {
  const benchStart = performance.now();
  const progress = (line: string) => options.onProgress?.(`[${((performance.now() - benchStart) / 1000).toFixed(1)} s] ${line}`);
  const durationMs = options.minutes * 60_000;
  const sampleMs = options.minutes < 2 ? 1_000 : 5_000;
  const warmupMs = Math.min(300_000, durationMs * 0.2);
  const agentCount = options.agents ?? SOAK_BENCH_DEFAULTS.agents;
  const viewerCount = options.viewers ?? SOAK_BENCH_DEFAULTS.viewers;
  const stfCount = options.stfCount ?? SOAK_BENCH_DEFAULTS.stfCount;
  const loadAtStart = loadavg()[0];

  const dataDir = mkdtempSync(join(tmpdir(), 'station-soak-'));
  mkdirSync(join(dataDir, 'testbed', 'configs'), { recursive: true });
  writeFileSync(join(dataDir, 'testbed', 'configs', 'soak.toml'), TESTBED_CONFIG);

  progress(`starting station serve (data dir ${dataDir})`);
  const serve = await startServe(dataDir);
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    const control = await BridgeClient.connect(serve.origin, serve.token);
    const probe = await BridgeClient.connect(serve.origin, serve.token);
    cleanups.push(
      () => control.close(),
      () => probe.close(),
      // supervisord and the testbed agents are the station's children: ask it to stop them before it exits
      // (stop-agents needs lock level expert; unlocked right before, so no idle relock comes between).
      async () => {
        await control.call('access:set', { level: 'expert' });
        const stopped = await control.call('testbed:stop-agents', undefined, 30_000);
        if (!stopped.ok) progress(`cannot stop the testbed agents: ${stopped.error?.code}: ${stopped.error?.message}`);
      },
    );
    const viewers: BridgeClient[] = [];
    const seen: Array<Set<number>> = [];
    for (let i = 0; i < viewerCount; i += 1) {
      const viewer = await BridgeClient.connect(serve.origin, serve.token);
      const ids = new Set<number>();
      viewer.onPush((channel, payload) => {
        if (channel !== 'testbed:messages' || !Array.isArray(payload)) return;
        for (const message of payload as TestbedMessageView[]) ids.add(message.id);
      });
      viewers.push(viewer);
      seen.push(ids);
      cleanups.push(() => viewer.close());
    }

    // Wait for the station to join its router and for the simulated crate's 4 slots.
    progress('waiting for the station to connect and the smurf slots to appear');
    let slots: SmurfSlot[] = [];
    const readyBy = performance.now() + 60_000;
    while (performance.now() < readyBy) {
      const connection = await control.call('connection:get');
      slots = ((await control.call('smurf:slots')).value as SmurfSlot[] | undefined) ?? [];
      if ((connection.value as { status?: string } | undefined)?.status === 'connected' && slots.length >= SOAK_BENCH_DEFAULTS.slots) break;
      await sleep(500);
    }
    slots = slots.slice(0, SOAK_BENCH_DEFAULTS.slots);
    progress(`${slots.length} smurf slots: ${slots.map((slot) => slot.address).join(', ')}`);

    // 500 heartbeat-only agents on the embedded router.
    const link = await RawWampLink.connect(serve.wsUrl, serve.realm);
    const agents = simulatedAgents(agentCount, 4, serve.addressRoot);
    const heartbeats = new HeartbeatLoad(link, agents);
    cleanups.push(() => heartbeats.stop(), () => link.close());

    const supervisord = findSupervisord({}) !== null;
    const state = { running: true };
    const smurf = { runs_ok: 0, runs_failed: 0, errors: [] as string[] };
    const testbed = { executions_completed: 0, executions_other: 0, supervisord, note: supervisord ? null : 'supervisord not installed (apt-get install supervisor): the testbed loop did not run', errors: [] as string[] };

    const smurfLoop = async (slot: SmurfSlot) => {
      while (state.running) {
        const started = await control.call('op:start', { address: slot.address, op: 'run', params: { script: 'hello.sh', args: ['soak'] } });
        if (!started.ok || (started.value as OpReplyView).status !== 0) {
          smurf.runs_failed += 1;
          noteError(smurf.errors, `op:start ${slot.address}: ${started.error?.message ?? (started.value as OpReplyView).message}`);
          await sleep(1_000);
          continue;
        }
        const waited = await control.call('op:wait', { address: slot.address, op: 'run', timeout: 60 }, 90_000);
        const ok = waited.ok && (waited.value as OpReplyView).session?.success === true;
        if (ok) smurf.runs_ok += 1;
        else {
          smurf.runs_failed += 1;
          noteError(smurf.errors, `op:wait ${slot.address}: ${waited.error?.message ?? JSON.stringify(waited.value).slice(0, 200)}`);
        }
      }
    };

    const testbedLoop = async () => {
      while (state.running) {
        const run = await control.call('testbed:run', { config: { name: 'soak', source: 'user' }, params: { stf_count: stfCount, realtime: false } }, 120_000);
        if (!run.ok) {
          testbed.executions_other += 1;
          noteError(testbed.errors, `testbed:run: ${run.error?.message}`);
          await sleep(5_000);
          continue;
        }
        const { executionId } = run.value as TestbedRunResult;
        const deadline = performance.now() + 300_000;
        let status = 'running';
        // Let a running execution finish even after the soak ends: its messages count for the loss figure.
        while (performance.now() < deadline) {
          await sleep(500);
          const executions = ((await control.call('testbed:executions', { limit: 20 })).value as TestbedExecutionView[] | undefined) ?? [];
          status = executions.find((execution) => execution.executionId === executionId)?.status ?? 'running';
          if (status !== 'running') break;
        }
        if (status === 'completed') testbed.executions_completed += 1;
        else {
          testbed.executions_other += 1;
          noteError(testbed.errors, `execution ${executionId}: ${status}`);
        }
      }
    };

    // Event-loop lag proxy: back-to-back app:info round trips on their own socket, 5 per second.
    let lags: number[] = [];
    const allLags: number[] = [];
    const warmLags: number[] = [];
    const probeLoop = async () => {
      while (state.running) {
        const ms = await probe.roundTripMs('app:info');
        if (Number.isFinite(ms)) {
          lags.push(ms);
          allLags.push(ms);
          if (performance.now() - t0 >= warmupMs) warmLags.push(ms);
        }
        await sleep(200);
      }
    };

    const storedMessages = async (): Promise<number[]> => {
      const ids: number[] = [];
      let afterId = 0;
      for (;;) {
        const page = ((await control.call('testbed:messages', { afterId, limit: 10_000 })).value as TestbedMessageView[] | undefined) ?? [];
        for (const message of page) ids.push(message.id);
        if (page.length < 10_000) return ids;
        afterId = Math.max(...page.map((message) => message.id));
      }
    };

    progress(`load: ${agentCount} agents, ${slots.length} smurf loops, testbed loop ${supervisord ? 'on' : 'off (no supervisord)'}, ${viewerCount} viewers; ${options.minutes} min, sample every ${sampleMs / 1000} s`);
    const t0 = performance.now();
    heartbeats.start();
    const loops = [...slots.map((slot) => smurfLoop(slot)), ...(supervisord ? [testbedLoop()] : []), probeLoop()];

    const samples: SoakSample[] = [];
    let lastCpu = processCpuSeconds(serve.pid);
    let lastAt = t0;
    // One row per sample, not the whole table: reading 100,000s of rows through the bridge every 30 s stalled
    // main for 100+ ms and showed up as loop lag of the bench's own making. The full read comes after the load.
    const newestMessageId = async (): Promise<number> => {
      const page = ((await control.call('testbed:messages', { limit: 1 })).value as TestbedMessageView[] | undefined) ?? [];
      return page[0]?.id ?? 0;
    };
    const startRss = processMemoryMb(serve.pid).rss_mb;
    while (performance.now() - t0 < durationMs) {
      await sleep(Math.min(sampleMs, durationMs - (performance.now() - t0)));
      if (serve.exited()) throw new Error(`station serve exited during the soak:\n${serve.output().slice(-4000)}`);
      const now = performance.now();
      const cpu = processCpuSeconds(serve.pid);
      const sorted = lags.sort((a, b) => a - b);
      lags = [];
      const info = await control.call('app:info');
      const sample: SoakSample = {
        t_s: round((now - t0) / 1000, 1),
        rss_mb: round(processMemoryMb(serve.pid).rss_mb, 1),
        main_memory_mb: info.ok ? (info.value as AppInfo).memory : null,
        cpu_share: round((cpu - lastCpu) / ((now - lastAt) / 1000), 3),
        fds: fdCount(serve.pid),
        lag_ms: { p50: round(quantile(sorted, 0.5), 2), p99: round(quantile(sorted, 0.99), 2), n: sorted.length },
        heartbeats_sent: heartbeats.heartbeatsSent,
        smurf_runs: smurf.runs_ok + smurf.runs_failed,
        testbed_newest_message_id: await newestMessageId(),
      };
      samples.push(sample);
      lastCpu = cpu;
      lastAt = now;
      progress(`t=${sample.t_s}s rss ${sample.rss_mb} MB cpu ${sample.cpu_share} fds ${sample.fds} lag p50 ${sample.lag_ms.p50} p99 ${sample.lag_ms.p99} ms smurf runs ${sample.smurf_runs}`);
    }

    progress('stopping the load; letting the current testbed execution and smurf runs finish');
    state.running = false;
    heartbeats.stop();
    await Promise.race([Promise.all(loops), new Promise((resolve) => setTimeout(resolve, 120_000).unref())]);
    // Pushes are batched (50 ms); give the viewers time to read the last ones.
    await sleep(2_000);
    progress('load stopped; counting stored messages');
    const storedIds = await storedMessages();
    const perViewerLost = seen.map((ids) => storedIds.filter((id) => !ids.has(id)).length);
    const messagesLost = perViewerLost.reduce((a, b) => a + b, 0);

    // RSS saw-tooths with GC: compare windows, not single samples.
    const memory = soakMemoryFigures(samples.map((sample) => ({ t_s: sample.t_s, rss_mb: sample.rss_mb, main: sample.main_memory_mb })), warmupMs);
    const { first: firstWindow, last: lastWindow } = warmWindows(samples, warmupMs);
    const fdsAfterWarmup = median(firstWindow.map((sample) => sample.fds));
    const fdsEnd = median(lastWindow.map((sample) => sample.fds));
    const sortedLags = (warmLags.length ? warmLags : allLags).sort((a, b) => a - b);
    const sortedAllLags = allLags.sort((a, b) => a - b);
    const growth = memory.rss_growth_pct_after_warmup;
    const lag = { p50: round(quantile(sortedLags, 0.5), 2), p99: round(quantile(sortedLags, 0.99), 2) };
    const cpuShares = samples.map((sample) => sample.cpu_share);

    return {
      samples,
      rss_mb: { start: round(startRss, 1), ...memory.rss_mb, max: Math.max(...samples.map((sample) => sample.rss_mb)) },
      rss_growth_pct_after_warmup: growth,
      memory,
      fd_growth: fdsEnd - fdsAfterWarmup,
      fds: { after_warmup: fdsAfterWarmup, end: fdsEnd, max: Math.max(...samples.map((sample) => sample.fds)) },
      cpu_share: { mean: round(mean(cpuShares), 3), max: Math.max(...cpuShares) },
      loop_lag_ms: lag,
      loop_lag_ms_including_warmup: { p50: round(quantile(sortedAllLags, 0.5), 2), p99: round(quantile(sortedAllLags, 0.99), 2), max: round(sortedAllLags[sortedAllLags.length - 1] ?? Number.NaN, 2) },
      messages_lost: messagesLost,
      messages: { stored: storedIds.length, per_viewer_received: seen.map((ids) => ids.size), per_viewer_lost: perViewerLost },
      smurf,
      testbed,
      agents: { count: agentCount, heartbeats_sent: heartbeats.heartbeatsSent, max_lateness_ms: round(heartbeats.maxLatenessMs, 1) },
      viewers: { count: viewerCount, push_frames: viewers.map((viewer) => [...viewer.pushCounts.values()].reduce((a, b) => a + b, 0)), disconnected: viewers.filter((viewer) => viewer.closedUnexpectedly).length },
      targets: { rss_growth_lt_10_pct: growth < 10, loop_lag_p99_lt_50_ms: lag.p99 < 50, messages_lost_eq_0: messagesLost === 0 },
      setup: {
        minutes: options.minutes,
        sample_interval_s: sampleMs / 1000,
        warmup_s: round(warmupMs / 1000, 1),
        main: `station serve --no-demo as a child process (pid ${serve.pid}), own data dir, embedded router, simulated smurf crate`,
        agents: `${agentCount} heartbeat-only OCS agents (4 ops each) at 1 Hz on the embedded router, one raw WAMP link`,
        smurf: `${slots.length} controller slots, each running resources/smurf/scripts/hello.sh (about 1 s) in a loop via op:start run + op:wait over the bridge`,
        testbed: supervisord ? `stf_datataking with fast_processing_default (fastmon and data agents on), ${stfCount} STFs, realtime=false, in a loop via testbed:run` : testbed.note,
        viewers: `${viewerCount} WebSocket bridge clients reading every push; lost = testbed message ids in the store never pushed to a viewer, summed over viewers`,
        loop_lag: 'main cannot be instrumented from outside: loop lag is the round trip of app:info over its own bridge socket, 5 probes/s (includes WebSocket and JSON cost, so an upper bound); loop_lag_ms is after warm-up, loop_lag_ms_including_warmup over the whole run',
        rss_growth: 'median RSS of the last quarter of the samples after warm-up (at least 3) vs the median of the first quarter after warm-up; warm-up is 20 % of the run, at most 5 min; fd_growth likewise with open fds; memory: the same quarters by their lowest sample (RSS and JS heapUsed as main reports it), a collector letting garbage pile up moves the medians but not the troughs',
        machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gb: round(totalmem() / 2 ** 30, 1), node: process.version, load_avg_1m_at_start: round(loadAtStart, 2) },
      },
    };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // Best effort.
      }
    }
    progress('stopping station serve');
    await serve.stop();
    progress('station serve stopped');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatSoakBenchJson(result: SoakBenchResult): string {
  return JSON.stringify(result, null, 2);
}
