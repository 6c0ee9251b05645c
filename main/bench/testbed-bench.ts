/**
 * `station bench testbed`: the testbed bus and agents.
 * - `stomp_msgs_per_s` / `embedded_msgs_per_s`: one sender → one subscriber on a topic, through a real
 *   ActiveMQ (started here, as platform-notes.md describes) and through the embedded router;
 * - `stf_gen_to_ready_ms`: the workflow runner (as fast as possible) and the data agent on the embedded
 *   bus with a real store; latency from an observer's receipt of each stf_gen to its stf_ready.
 * Every figure comes with its loss count; the targets are no loss and p99 < 50 ms on the embedded bus.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStationStore } from '../store/index.js';
import { createDataAgent, createTestbedAgentRuntime, createWorkflowRunner, DATA_AGENT_TYPE, WORKFLOW_RUNNER_AGENT_TYPE } from '../testbed/agents/index.js';
import { createTestbedBus, type TestbedBusConfig } from '../testbed/bus/index.js';
import { TOPIC_EPIC, workflowControlQueue } from '../testbed/messages.js';
import { startRouter } from '../wamp/index.js';
import { activeMqInstalled, startActiveMq } from './activemq-process.js';
import { quantile, round } from './stats.js';
import { measureThroughput, type ThroughputFigures } from './testbed-throughput.js';

export interface TestbedBenchOptions {
  /** Messages per adapter for the throughput figures. */
  messages: number;
  /** STFs in the end-to-end run. */
  stfs: number;
  /** Skip ActiveMQ (its figures are then null). */
  skipStomp?: boolean;
  onProgress?: (line: string) => void;
}

export const TESTBED_BENCH_DEFAULTS = { messages: 20_000, stfs: 500 } as const;

export interface TestbedBenchResult {
  stomp_msgs_per_s: number | null;
  embedded_msgs_per_s: number;
  stf_gen_to_ready_ms: { p50: number; p99: number };
  lost: { stomp: number | null; embedded: number; stf_ready: number };
  duplicated: { stomp: number | null; embedded: number };
  stfs: number;
  messages: number;
  /** Why the STOMP figure is missing, when it is. */
  stomp_note?: string;
  targets: { no_message_lost: boolean; p99_lt_50_ms_embedded: boolean };
}

export async function runTestbedBench(options: TestbedBenchOptions): Promise<TestbedBenchResult> {
  const progress = options.onProgress ?? (() => {});
  const router = await startRouter({ port: 0 });
  const embeddedBus: TestbedBusConfig = { kind: 'wamp', url: router.wsUrl, realm: router.realm };
  let embedded: ThroughputFigures;
  let latency: { samples: number[]; lost: number };
  try {
    progress(`embedded router: ${options.messages} messages`);
    embedded = await measureThroughput(embeddedBus, options.messages);
    progress(`embedded router: ${options.stfs}-STF run, runner as fast as possible + data agent`);
    latency = await measureStfLatency(embeddedBus, options.stfs);
  } finally {
    await router.close();
  }
  let stomp: ThroughputFigures | null = null;
  let stompNote: string | undefined;
  if (options.skipStomp) stompNote = 'skipped (--no-stomp)';
  else if (!activeMqInstalled()) stompNote = 'ActiveMQ is not installed: apt-get install activemq (needs a Java runtime)';
  else {
    progress('starting ActiveMQ');
    const broker = await startActiveMq();
    try {
      progress(`ActiveMQ STOMP: ${options.messages} messages`);
      stomp = await measureThroughput({ kind: 'stomp', host: broker.host, port: broker.port, user: 'admin', password: 'admin' }, options.messages);
    } finally {
      await broker.dispose();
    }
  }
  const sorted = [...latency.samples].sort((a, b) => a - b);
  const p99 = round(quantile(sorted, 0.99), 2);
  const lostTotal = embedded.lost + latency.lost + (stomp?.lost ?? 0);
  return {
    stomp_msgs_per_s: stomp?.msgs_per_s ?? null,
    embedded_msgs_per_s: embedded.msgs_per_s,
    stf_gen_to_ready_ms: { p50: round(quantile(sorted, 0.5), 2), p99 },
    lost: { stomp: stomp?.lost ?? null, embedded: embedded.lost, stf_ready: latency.lost },
    duplicated: { stomp: stomp?.duplicated ?? null, embedded: embedded.duplicated },
    stfs: options.stfs,
    messages: options.messages,
    ...(stompNote && { stomp_note: stompNote }),
    targets: { no_message_lost: lostTotal === 0, p99_lt_50_ms_embedded: p99 < 50 },
  };
}

/** One fast-mode run of `stfs` STFs (one period); per STF, stf_gen receipt → stf_ready receipt at an observer. */
async function measureStfLatency(bus: TestbedBusConfig, stfs: number): Promise<{ samples: number[]; lost: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'station-bench-testbed-'));
  const store = openStationStore(dir);
  const runnerRuntime = createTestbedAgentRuntime({ agentType: WORKFLOW_RUNNER_AGENT_TYPE, namespace: 'bench', user: 'bench', bus, store });
  const dataRuntime = createTestbedAgentRuntime({ agentType: DATA_AGENT_TYPE, namespace: 'bench', user: 'bench', bus, store });
  const observer = createTestbedBus(bus);
  const genAt = new Map<string, number>();
  const samples: number[] = [];
  try {
    createWorkflowRunner(runnerRuntime, { realtime: false });
    createDataAgent(dataRuntime);
    await Promise.all([runnerRuntime.start(), dataRuntime.start(), observer.connect()]);
    let ended = () => {};
    const endRun = new Promise<void>((resolve) => { ended = resolve; });
    await observer.subscribe(TOPIC_EPIC, (message) => {
      const now = performance.now();
      if (message.msg_type === 'stf_gen') genAt.set(String(message.filename), now);
      else if (message.msg_type === 'stf_ready') {
        const at = genAt.get(String(message.filename));
        if (at !== undefined) samples.push(now - at);
      } else if (message.msg_type === 'end_run') ended();
    }).ready;
    await observer.send(workflowControlQueue('bench'), {
      msg_type: 'run_workflow', namespace: 'bench', workflow_name: 'stf_datataking', config: 'fast_processing_default', realtime: false,
      params: { stf_count: stfs, physics_period_count: 1 },
    });
    await endRun;
    // The last stf_ready may follow end_run: wait for it, or for 2 s of silence.
    const deadline = Date.now() + 2_000;
    while (samples.length < stfs && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return { samples, lost: stfs - samples.length };
  } finally {
    await Promise.all([runnerRuntime.shutdown(), dataRuntime.shutdown(), observer.close()]);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatTestbedBenchJson(result: TestbedBenchResult): string {
  return JSON.stringify(result, null, 2);
}
