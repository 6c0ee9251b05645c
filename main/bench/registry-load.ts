import { performance } from 'node:perf_hooks';
import type { RawWampLink } from './registry-wamp-link.js';

/** One simulated OCS agent: its address, heartbeat topic, pre-serialized heartbeat and agent_operations fields. */
export interface SimulatedAgent {
  readonly index: number;
  readonly address: string;
  readonly topic: string;
  /** The heartbeat's positional arguments `[[op_codes, feed_info]]`, serialized once. */
  readonly heartbeatArgsJson: string;
  /** The Registry's agent_operations field name of each op. */
  readonly fields: readonly string[];
}

/** Op names of a typical agent (FakeDataAgent's), then generic ones; with codes running, idle, succeeded, idle. */
const OP_NAMES = ['acq', 'count', 'set_heartbeat', 'delay_task'];
const OP_CODES = [3, 1, 5, 1];

/** The Registry's agent_operations field of an op: `{address}_{op}` with "." and "-" turned into "_" (ocs-protocol §4). */
export function agentOperationsField(address: string, opName: string): string {
  return `${address}_${opName}`.replace(/[.-]/g, '_');
}

/** Builds `count` agents `{root}.bench-agent-NNNN` with `opsPerAgent` ops each, heartbeating in the OCS wire format (§3.2). */
export function simulatedAgents(count: number, opsPerAgent: number, addressRoot = 'observatory'): SimulatedAgent[] {
  const sessionId = String(Date.now() / 1000);
  const opNames = Array.from({ length: opsPerAgent }, (_, i) => OP_NAMES[i] ?? `op_${i}`);
  const opCodes = Object.fromEntries(opNames.map((name, i) => [name, OP_CODES[i % OP_CODES.length]]));
  const digits = Math.max(4, String(count - 1).length);
  return Array.from({ length: count }, (_, index) => {
    const address = `${addressRoot}.bench-agent-${String(index).padStart(digits, '0')}`;
    const topic = `${address}.feeds.heartbeat`;
    const feedInfo = { agent_address: address, agg_params: {}, feed_name: 'heartbeat', address: topic, record: false, session_id: sessionId, agent_class: 'FakeDataAgent' };
    return { index, address, topic, heartbeatArgsJson: JSON.stringify([[opCodes, feedInfo]]), fields: opNames.map((op) => agentOperationsField(address, op)) };
  });
}

export interface HeartbeatLoadOptions {
  /** Heartbeat period of every agent, ms (OCS: 1,000). */
  periodMs?: number;
  /** Agents (by index) that stop heartbeating once `stopAtMs` has passed since start. */
  stopIndices?: ReadonlySet<number>;
  stopAtMs?: number;
}

/** Scheduler tick: a few ms, so each tick sends only a handful of heartbeats and lateness stays small. */
const TICK_MS = 4;

/**
 * Sends every agent's heartbeat once per period, agent i at offset i/N of the period, so the load is
 * spread evenly instead of arriving in one burst per second. Each heartbeat has a due time on a fixed
 * grid; a late tick sends everything overdue at once, and the lateness is recorded (a generator that
 * falls behind would make the Registry expire live agents, so the bench reports it).
 */
export class HeartbeatLoad {
  /** Wall-clock time (Date.now) each agent's last heartbeat was handed to the socket; NaN before the first. */
  readonly lastSentAtMs: Float64Array;
  private readonly maxGapMs: Float64Array;
  private readonly periodMs: number;
  private readonly stopIndices: ReadonlySet<number>;
  private readonly stopAtMs: number;
  private startedAt = 0;
  private cycle = 0;
  private nextIndex = 0;
  private timer: NodeJS.Timeout | null = null;
  private sent = 0;
  private maxLateness = 0;

  constructor(
    private readonly link: RawWampLink,
    private readonly agents: readonly SimulatedAgent[],
    options: HeartbeatLoadOptions = {},
  ) {
    this.periodMs = options.periodMs ?? 1_000;
    this.stopIndices = options.stopIndices ?? new Set();
    this.stopAtMs = options.stopAtMs ?? Number.POSITIVE_INFINITY;
    this.lastSentAtMs = new Float64Array(agents.length).fill(Number.NaN);
    this.maxGapMs = new Float64Array(agents.length);
  }

  /** Heartbeats sent so far. */
  get heartbeatsSent(): number {
    return this.sent;
  }

  /** Largest delay between a heartbeat's due time and its send, ms. */
  get maxLatenessMs(): number {
    return this.maxLateness;
  }

  /** Milliseconds since start() (monotonic clock). */
  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Largest interval between two consecutive heartbeats of one agent, ms (the figure that must stay far below 5 s). */
  maxHeartbeatGapMs(): number {
    return this.maxGapMs.reduce((max, gap) => Math.max(max, gap), 0);
  }

  /** Starts heartbeating; the first round begins at once. */
  start(): void {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.sendDue(), TICK_MS);
    this.sendDue();
  }

  /** Stops all heartbeats. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private dueAt(cycle: number, index: number): number {
    return cycle * this.periodMs + (index * this.periodMs) / this.agents.length;
  }

  private sendDue(): void {
    const elapsed = this.elapsedMs();
    const wallNow = Date.now();
    while (this.dueAt(this.cycle, this.nextIndex) <= elapsed) {
      const due = this.dueAt(this.cycle, this.nextIndex);
      const agent = this.agents[this.nextIndex];
      if (!(due >= this.stopAtMs && this.stopIndices.has(agent.index))) this.send(agent, wallNow, elapsed - due);
      if (++this.nextIndex === this.agents.length) {
        this.nextIndex = 0;
        this.cycle += 1;
      }
    }
  }

  private send(agent: SimulatedAgent, wallNow: number, latenessMs: number): void {
    this.link.publishSerialized(agent.topic, agent.heartbeatArgsJson);
    const previous = this.lastSentAtMs[agent.index];
    if (!Number.isNaN(previous)) this.maxGapMs[agent.index] = Math.max(this.maxGapMs[agent.index], wallNow - previous);
    this.lastSentAtMs[agent.index] = wallNow;
    this.maxLateness = Math.max(this.maxLateness, latenessMs);
    this.sent += 1;
  }
}
