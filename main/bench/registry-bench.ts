import { AgentOperationsWatch, waitUntil } from './registry-feed-watch.js';
import { HeartbeatLoad, simulatedAgents } from './registry-load.js';
import { processCpuSeconds, processMemoryMb, startStationRegistry, startStationRouter, stationBin, type StationChild } from './registry-processes.js';
import { fetchRegistryData, type RegistryEntry } from './registry-status.js';
import { RawWampLink } from './registry-wamp-link.js';
import { quantile, round } from './stats.js';

export interface RegistryBenchOptions {
  /** Simulated agents heartbeating at 1 Hz. Default 2,000. */
  agents?: number;
  /** Seconds of heartbeating, from the first heartbeat. Default 60. */
  durationS?: number;
  /** Agents that stop heartbeating mid-run (spread evenly over the agent list). Default 100. */
  stopCount?: number;
  /** When they stop, seconds after the first heartbeat. Default 30. */
  stopAtS?: number;
  /** Ops per agent (each heartbeat reports them; each is one agent_operations sample). Default 4. */
  opsPerAgent?: number;
  /** Seconds between "every agent registered" and the start of the CPU window. Default 3. */
  warmupS?: number;
  /** The Registry's --wait-time (period of its full republish), seconds. Default 30, as upstream. */
  waitTimeS?: number;
  /** The `station` entry script to run router and registry from. Default: this checkout's bin/station.js. */
  stationBin?: string;
}

/** Defaults of runRegistryBench (the scenario: 2,000 agents for 60 s, 100 stopped at 30 s). */
export const REGISTRY_BENCH_DEFAULTS: Required<Omit<RegistryBenchOptions, 'stationBin'>> = {
  agents: 2_000,
  durationS: 60,
  stopCount: 100,
  stopAtS: 30,
  opsPerAgent: 4,
  warmupS: 3,
  waitTimeS: 30,
};

/** min / median / max of a set of delays, seconds. */
export interface DelaySummary {
  min: number;
  p50: number;
  max: number;
}

/** What `station bench registry --json` reports. */
export interface RegistryFigures {
  agents: number;
  ops_per_agent: number;
  /** Fraction of one core the registry process used over the steady-state window. */
  cpu_share: number;
  /** Same for the router process and for this bench process (the load generator), for context. */
  router_cpu_share: number;
  generator_cpu_share: number;
  /** Length of the CPU window, seconds (after registration and warm-up, until the end of the load). */
  cpu_window_s: number;
  /** Registry VmRSS at the end of the load and VmHWM (peak), MiB. */
  rss_mb: number;
  rss_peak_mb: number;
  /** Stopped agents: last heartbeat sent → first op code 7 on the agent_operations feed, seconds. */
  expiry_delay_s: DelaySummary;
  /**
   * Stopped agents: session.data `time_expired - last_updated`, read as soon as all expiries were seen.
   * An upper bound: like upstream, the main loop re-stamps time_expired every second while an agent stays expired.
   */
  expiry_delay_data_s: DelaySummary;
  /** Every stopped agent detected, each within 5.0–6.1 s of its last heartbeat. */
  expiry_within_5_0_6_1: boolean;
  stopped: number;
  expired_detected: number;
  /** Agents never stopped but reported expired (op code 7 on the feed, or expired in session.data at the end). */
  false_expiries: number;
  /** Agents listed in the Registry's session.data at the end (should equal `agents`). */
  registry_listed: number;
  duration_s: number;
  heartbeats_sent: number;
  /** Generator health: latest heartbeat vs its due time (ms) and longest gap between one agent's heartbeats (s). */
  generator_max_lateness_ms: number;
  heartbeat_max_gap_s: number;
  /** agent_operations samples received during the run. */
  feed_samples: number;
  /** Times the registry lost its router connection and joined again during the run (should be 0). */
  registry_rejoins: number;
}

const ADDRESS_ROOT = 'observatory';
/** Expiry window the requirement names (timeout 5.0 s plus up to 1.1 s of detection and delivery). */
const EXPIRY_MIN_S = 5.0;
const EXPIRY_MAX_S = 6.1;
/** How long after the stop we keep waiting for missing expiries: the 6.1 s bound plus margin. */
const EXPIRY_GRACE_MS = 10_000;

/**
 * Runs the Registry benchmark: a `station router` and a `station agent registry` as child processes,
 * `agents` simulated agents heartbeating at 1 Hz through the router from this process, `stopCount` of
 * them going silent at `stopAtS`. Measures the registry's CPU share and memory, when op code 7 reaches
 * the agent_operations feed for each stopped agent, and whether any live agent was reported expired.
 * The children are stopped by pid before it resolves (also on failure).
 */
export async function runRegistryBench(options: RegistryBenchOptions = {}): Promise<RegistryFigures> {
  const settings = { ...REGISTRY_BENCH_DEFAULTS, ...options };
  validate(settings);
  const benchStartedAtMs = Date.now();
  const children: StationChild[] = [];
  let link: RawWampLink | undefined;
  let load: HeartbeatLoad | undefined;
  try {
    const bin = options.stationBin ?? stationBin();
    const router = await startStationRouter(bin);
    children.push(router);
    const registry = await startStationRegistry(router.wsUrl, settings.waitTimeS, bin);
    children.push(registry);
    const benchLink = await RawWampLink.connect(router.wsUrl, router.realm);
    link = benchLink;
    // Without its connection the generator heartbeats into the void and every agent "expires": stop with the real cause.
    const ensureLinked = () => {
      if (benchLink.lost) throw new Error(`the router dropped the load generator's WebSocket (close code ${benchLink.lost.code}) ${((benchLink.lost.atMs - benchStartedAtMs) / 1_000).toFixed(1)} s after the bench started`);
    };

    const agents = simulatedAgents(settings.agents, settings.opsPerAgent, ADDRESS_ROOT);
    const stopped = evenlySpread(settings.stopCount, settings.agents);
    const watch = new AgentOperationsWatch(agents);
    await link.subscribe(`${ADDRESS_ROOT}.registry.feeds.agent_operations`, watch.onEvent);
    load = new HeartbeatLoad(link, agents, { stopIndices: stopped, stopAtMs: settings.stopAtS * 1_000 });
    const runLoad = load;
    runLoad.start();

    // Every agent is registered once the Registry published its (new) op codes.
    if (!(await waitUntil(() => watch.agentsPublished === settings.agents || benchLink.lost !== null, 30_000)) || benchLink.lost) {
      ensureLinked();
      throw new Error(`only ${watch.agentsPublished} of ${settings.agents} agents registered within 30 s`);
    }
    // As soon as every stopped agent's 7 arrived, snapshot session.data (before the main loop re-stamps time_expired much).
    const expiredSnapshot = waitUntil(() => watch.allExpired(stopped), settings.stopAtS * 1_000 + EXPIRY_GRACE_MS, 5).then((all) =>
      all ? fetchRegistryData(router.callUrl, ADDRESS_ROOT) : undefined,
    ).catch(() => undefined); // Only feeds expiry_delay_data_s; a failed read leaves it empty rather than failing the run.

    const windowStartMs = Math.min(runLoad.elapsedMs() + settings.warmupS * 1_000, settings.durationS * 1_000 - 1_000);
    await sleep(windowStartMs - runLoad.elapsedMs());
    const start = cpuSample(registry.pid, router.pid);
    await sleep(settings.durationS * 1_000 - runLoad.elapsedMs());
    const end = cpuSample(registry.pid, router.pid);
    ensureLinked();
    const memory = processMemoryMb(registry.pid);

    // Heartbeats go on until the stopped agents' expiries are in, so no live agent expires meanwhile.
    const expiryDeadlineMs = settings.stopAtS * 1_000 + EXPIRY_GRACE_MS - runLoad.elapsedMs();
    await waitUntil(() => watch.allExpired(stopped), Math.max(0, expiryDeadlineMs));
    ensureLinked();
    const snapshotAtExpiry = await expiredSnapshot;
    const finalData = await fetchRegistryData(router.callUrl, ADDRESS_ROOT);
    runLoad.stop();
    const durationS = runLoad.elapsedMs() / 1_000;

    const delays = [...stopped].flatMap((index) => {
      const arrivedAt = watch.firstExpiredAtMs.get(index);
      return arrivedAt === undefined ? [] : [(arrivedAt - runLoad.lastSentAtMs[index]) / 1_000];
    });
    const dataDelays = [...stopped].flatMap((index) => {
      const entry = snapshotAtExpiry?.[agents[index].address];
      return entry?.expired && entry.time_expired !== null ? [entry.time_expired - entry.last_updated] : [];
    });
    const wallS = (end.wallMs - start.wallMs) / 1_000;
    return {
      agents: settings.agents,
      ops_per_agent: settings.opsPerAgent,
      cpu_share: round((end.registryS - start.registryS) / wallS, 3),
      router_cpu_share: round((end.routerS - start.routerS) / wallS, 3),
      generator_cpu_share: round((end.generatorS - start.generatorS) / wallS, 3),
      cpu_window_s: round(wallS, 2),
      rss_mb: round(memory.rss_mb, 1),
      rss_peak_mb: round(memory.rss_peak_mb, 1),
      expiry_delay_s: summarize(delays),
      expiry_delay_data_s: summarize(dataDelays),
      expiry_within_5_0_6_1: delays.length === stopped.size && delays.every((d) => d >= EXPIRY_MIN_S && d <= EXPIRY_MAX_S),
      stopped: stopped.size,
      expired_detected: delays.length,
      false_expiries: countFalseExpiries(watch, finalData, agents.map((a) => a.address), stopped),
      registry_listed: agents.filter((agent) => finalData[agent.address]).length,
      duration_s: round(durationS, 2),
      heartbeats_sent: runLoad.heartbeatsSent,
      generator_max_lateness_ms: round(runLoad.maxLatenessMs, 1),
      heartbeat_max_gap_s: round(runLoad.maxHeartbeatGapMs() / 1_000, 3),
      feed_samples: watch.samplesReceived,
      registry_rejoins: Math.max(0, (registry.output().match(/joined realm/g)?.length ?? 0) - 1),
    };
  } catch (error) {
    const outputs = children.map((child) => `--- child ${child.pid} output (tail) ---\n${child.output().slice(-4_000)}`).join('\n');
    throw new Error(`${(error as Error).message}\n${outputs}`, { cause: error });
  } finally {
    load?.stop();
    await link?.close().catch(() => undefined);
    // Registry first, so it does not log a lost router while being stopped.
    for (const child of children.reverse()) await child.stop();
  }
}

/** The figures as the JSON document `station bench registry --json` prints (2-space indented). */
export function formatRegistryBenchJson(figures: RegistryFigures): string {
  return JSON.stringify(figures, null, 2);
}

function validate(settings: typeof REGISTRY_BENCH_DEFAULTS): void {
  const { agents, durationS, stopCount, stopAtS, opsPerAgent, warmupS, waitTimeS } = settings;
  if (!Number.isInteger(agents) || agents < 1) throw new Error(`agents must be a positive integer, got ${agents}`);
  if (!Number.isInteger(stopCount) || stopCount < 0 || stopCount > agents) throw new Error(`stopCount must be 0..${agents}, got ${stopCount}`);
  if (!Number.isInteger(opsPerAgent) || opsPerAgent < 1) throw new Error(`opsPerAgent must be a positive integer, got ${opsPerAgent}`);
  if (!(durationS >= 3)) throw new Error(`durationS must be at least 3, got ${durationS}`);
  if (!(stopAtS > 0 && stopAtS < durationS)) throw new Error(`stopAtS must lie inside the run (0 < stopAtS < ${durationS}), got ${stopAtS}`);
  if (!(warmupS >= 0) || !(waitTimeS >= 0)) throw new Error('warmupS and waitTimeS must be non-negative');
}

/** `count` indices out of `total`, evenly spaced, so the stopped agents' heartbeat phases cover the whole second. */
function evenlySpread(count: number, total: number): Set<number> {
  return new Set(Array.from({ length: count }, (_, k) => Math.floor((k * total) / count)));
}

/** Live agents reported expired at any time on the feed, or still expired in session.data at the end. */
function countFalseExpiries(watch: AgentOperationsWatch, finalData: Record<string, RegistryEntry>, addresses: string[], stopped: Set<number>): number {
  let count = 0;
  addresses.forEach((address, index) => {
    if (!stopped.has(index) && (watch.firstExpiredAtMs.has(index) || finalData[address]?.expired)) count += 1;
  });
  return count;
}

function summarize(values: number[]): DelaySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q: number) => (sorted.length ? round(quantile(sorted, q), 3) : Number.NaN);
  return { min: pick(0), p50: pick(0.5), max: pick(1) };
}

/** CPU seconds used so far by the registry, the router and this process, with the wall time of the reading. */
function cpuSample(registryPid: number, routerPid: number): { wallMs: number; registryS: number; routerS: number; generatorS: number } {
  const own = process.cpuUsage();
  return { wallMs: performance.now(), registryS: processCpuSeconds(registryPid), routerS: processCpuSeconds(routerPid), generatorS: (own.user + own.system) / 1e6 };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
