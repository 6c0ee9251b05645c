import { planCpus, withClientPinned, type Placement } from './cpu-affinity.js';
import { startRouterProcess } from './router-process.js';
import { round } from './stats.js';
import { measurePubSub, measureRpc } from './wamp-measure.js';

/** One router's figures from one bench run (loopback, autobahn-js clients, JSON serializer). */
export interface RouterFigures {
  rpc_median_ms: number;
  rpc_p99_ms: number;
  /** Sequential calls per second (calls / elapsed time of the measured calls). */
  calls_per_s: number;
  /** Events per second from first publish to last delivery, to one subscriber. */
  pubsub_msgs_per_s: number;
  /** Published events the subscriber never received. */
  pubsub_lost: number;
  /** Router process resident memory after the runs (VmRSS), MB. */
  rss_mb: number;
  /** Router process peak resident memory (VmHWM), MB. */
  rss_peak_mb: number;
  /** Router process CPU time per measured call (10 ms clock resolution over the whole run). */
  router_cpu_us_per_call: number;
  /** Router process CPU time per measured event. */
  router_cpu_us_per_event: number;
  /** Bench (client) process CPU time per call: both sessions' autobahn-js work; near 1e6 / calls_per_s means the client is the bottleneck. */
  client_cpu_us_per_call: number;
  /** Bench (client) process CPU time per event (publisher and subscriber). */
  client_cpu_us_per_event: number;
}

/** How the run was set up, so figures from different runs can be compared honestly. */
export interface RouterBenchSetup {
  calls: number;
  warmup_calls: number;
  events: number;
  warmup_events: number;
  placement: Placement;
  client_cpu: number | null;
  router_cpu: number | null;
}

export interface RouterBenchResult {
  station: RouterFigures;
  fox_wamp: RouterFigures;
  /** A minimal JSON WAMP relay on `ws`: the floor any Node router can reach (only with `includeFloor`). */
  ws_floor?: RouterFigures;
  setup: RouterBenchSetup;
}

export interface RouterBenchOptions {
  /** Measured sequential calls. Default 5,000. */
  calls?: number;
  /** Unmeasured calls first. Default 500. */
  warmupCalls?: number;
  /** Measured published events. Default 100,000. */
  events?: number;
  /** Unmeasured events first. Default 10,000. */
  warmupEvents?: number;
  /** Events published per event-loop turn. Default 1,000. */
  publishChunk?: number;
  /** Stop waiting for missing events after this long without one. Default 5,000 ms. */
  stallTimeoutMs?: number;
  realm?: string;
  /**
   * CPU placement (see Placement). Default `separate-cores`: the router has its own core. Pinning
   * matters on small VMs: a cross-core wake-up per message costs about as much as the routing.
   */
  placement?: Placement;
  /** Also measure the minimal relay (`ws_floor`). Default false. */
  includeFloor?: boolean;
  /** Progress lines (e.g. to stderr); the result itself is only returned. */
  onProgress?: (line: string) => void;
}

/** Whether the station router meets the targets against fox-wamp. */
export interface RouterTargets {
  calls_per_s_2x: boolean;
  pubsub_2x: boolean;
  p99_le: boolean;
}

/** Child entry module (in this folder) for each benchmarked router. */
const ROUTER_ENTRIES = { station: 'station-router-server', fox_wamp: 'fox-wamp-server', ws_floor: 'floor-router-server' } as const;

/**
 * Benchmarks the station router and fox-wamp in turn, each in its own child process on loopback,
 * with identical autobahn-js client code, counts and warm-up: sequential RPC latency and rate,
 * pub/sub rate to one subscriber, and the router process's RSS.
 */
export async function runRouterBench(options: RouterBenchOptions = {}): Promise<RouterBenchResult> {
  const settings = {
    calls: options.calls ?? 5_000,
    warmupCalls: options.warmupCalls ?? 500,
    events: options.events ?? 100_000,
    warmupEvents: options.warmupEvents ?? 10_000,
    publishChunk: options.publishChunk ?? 1_000,
    stallTimeoutMs: options.stallTimeoutMs ?? 5_000,
    realm: options.realm ?? 'bench_realm',
  };
  const progress = options.onProgress ?? (() => {});
  const plan = planCpus(options.placement ?? 'separate-cores');
  progress(`placement ${plan.placement}: clients on CPU ${plan.clientCpu ?? 'any'}, router on CPU ${plan.routerCpu ?? 'any'}`);
  const benchOne = async (name: keyof typeof ROUTER_ENTRIES): Promise<RouterFigures> => {
    const router = await startRouterProcess(ROUTER_ENTRIES[name], settings.realm, plan.routerCpu);
    try {
      progress(`${name}: router pid ${router.pid} at ${router.wsUrl}; ${settings.calls} calls after ${settings.warmupCalls} warm-up`);
      const rpc = await measureRpc(router.wsUrl, settings.realm, settings.calls, settings.warmupCalls, router.cpuMs);
      progress(`${name}: ${settings.events} events after ${settings.warmupEvents} warm-up`);
      const pubsub = await measurePubSub(router.wsUrl, settings.realm, settings, router.cpuMs);
      const memory = router.memory();
      return {
        rpc_median_ms: round(rpc.rpc_median_ms, 4),
        rpc_p99_ms: round(rpc.rpc_p99_ms, 4),
        calls_per_s: round(rpc.calls_per_s, 0),
        pubsub_msgs_per_s: round(pubsub.pubsub_msgs_per_s, 0),
        pubsub_lost: pubsub.pubsub_lost,
        rss_mb: round(memory.rss_mb, 1),
        rss_peak_mb: round(memory.rss_peak_mb, 1),
        router_cpu_us_per_call: round((rpc.cpu.router_ms * 1000) / settings.calls, 1),
        router_cpu_us_per_event: round((pubsub.cpu.router_ms * 1000) / settings.events, 2),
        client_cpu_us_per_call: round((rpc.cpu.client_ms * 1000) / settings.calls, 1),
        client_cpu_us_per_event: round((pubsub.cpu.client_ms * 1000) / settings.events, 2),
      };
    } finally {
      await router.stop();
    }
  };
  const setup: RouterBenchSetup = {
    calls: settings.calls,
    warmup_calls: settings.warmupCalls,
    events: settings.events,
    warmup_events: settings.warmupEvents,
    placement: plan.placement,
    client_cpu: plan.clientCpu,
    router_cpu: plan.routerCpu,
  };
  // Routers run one after the other, never concurrently: each gets the same cores to itself.
  return withClientPinned(plan, async () => {
    const station = await benchOne('station');
    const fox_wamp = await benchOne('fox_wamp');
    const ws_floor = options.includeFloor ? await benchOne('ws_floor') : undefined;
    return { station, fox_wamp, ...(ws_floor && { ws_floor }), setup };
  });
}

/** Evaluates the targets: station ≥ 2× fox-wamp in calls/s and in msgs/s, and p99 ≤ fox-wamp's. */
export function evaluateTargets(result: RouterBenchResult): RouterTargets {
  const { station, fox_wamp } = result;
  return {
    calls_per_s_2x: station.calls_per_s >= 2 * fox_wamp.calls_per_s,
    pubsub_2x: station.pubsub_msgs_per_s >= 2 * fox_wamp.pubsub_msgs_per_s,
    p99_le: station.rpc_p99_ms <= fox_wamp.rpc_p99_ms,
  };
}

/** The bench report as JSON text: `{"station":{…},"fox_wamp":{…},["ws_floor":{…},]"setup":{…},"targets":{…}}`. */
export function formatRouterBenchJson(result: RouterBenchResult, indent = 2): string {
  return JSON.stringify({ ...result, targets: evaluateTargets(result) }, null, indent);
}
