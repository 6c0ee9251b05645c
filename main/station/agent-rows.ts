import { agentRowFrom, type AgentRow } from '../../shared/ipc.js';
import { ExpiryQueue } from '../agents/registry/expiry-queue.js';
import { RegisteredAgent } from '../agents/registry/registered-agent.js';

export interface AgentRowsOptions {
  /** Seconds without heartbeat before an agent expires (the Registry's agent_timeout, 5.0). */
  agentTimeout?: number;
  /** Called with the rows that changed since the last call, at most once per `flushMs`. */
  onRows: (rows: AgentRow[]) => void;
  /** How long changes are collected before `onRows` (ms). Default 20. */
  flushMs?: number;
}

/**
 * The station's own passive view of every agent on the bus, fed by the wildcard heartbeat
 * subscription: the Registry's bookkeeping (RegisteredAgent, ExpiryQueue: expiry after 5 s,
 * op codes → 7, un-expire on the next heartbeat) without its feed publishing. Changed rows are
 * collected into one call per `flushMs`, so 2,000 agents at 1 Hz cost a few dozen calls a second.
 */
export class AgentRowsView {
  private readonly agents = new Map<string, RegisteredAgent>();
  private readonly dirty = new Set<RegisteredAgent>();
  private readonly expiry: ExpiryQueue;
  private readonly flushMs: number;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AgentRowsOptions) {
    this.flushMs = options.flushMs ?? 20;
    this.expiry = new ExpiryQueue((options.agentTimeout ?? 5.0) * 1000, (address, nowMs) => this.expire(address, nowMs / 1000));
    this.expiry.start();
  }

  /** Number of agents seen (alive and expired). */
  get size(): number {
    return this.agents.size;
  }

  /** Every agent seen, as grid rows (copies). */
  snapshot(): AgentRow[] {
    return [...this.agents.values()].map((agent) => agentRowFrom(agent.info));
  }

  /**
   * Handler of `{root}..feeds.heartbeat` (wildcard): args are `[[op_codes, feed_info]]`.
   * Malformed events are ignored, as the Registry does.
   */
  onHeartbeat(args: unknown[]): void {
    const payload = args[0];
    if (!Array.isArray(payload) || payload.length !== 2) return;
    const [opCodes, feed] = payload as [unknown, { agent_address?: unknown; agent_class?: unknown } | null];
    if (typeof feed !== 'object' || feed === null || typeof feed.agent_address !== 'string') return;
    const nowMs = Date.now();
    let agent = this.agents.get(feed.agent_address);
    if (!agent) {
      agent = new RegisteredAgent(feed.agent_address, typeof feed.agent_class === 'string' ? feed.agent_class : null, nowMs / 1000);
      this.agents.set(feed.agent_address, agent);
    }
    // Old agents sent a bare 0 as heartbeat; that carries no op codes.
    const codes = typeof opCodes === 'object' && opCodes !== null && !Array.isArray(opCodes) ? (opCodes as Record<string, unknown>) : {};
    agent.refresh(codes, nowMs / 1000);
    this.expiry.touch(agent.address, nowMs);
    // Every heartbeat marks the row dirty (its age restarts); the flush window coalesces repeats.
    this.markDirty(agent);
  }

  /** Forgets every agent (used when the station moves to another router) and stops pending flushes. */
  clear(): void {
    // Forgotten addresses still in the expiry queue fall out of it within agentTimeout; expire() ignores them.
    this.agents.clear();
    this.dirty.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /** Stops the expiry timer and pending flushes for good. */
  close(): void {
    this.expiry.stop();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.dirty.clear();
  }

  private expire(address: string, now: number): void {
    const agent = this.agents.get(address);
    if (!agent) return;
    agent.expire(now);
    this.markDirty(agent);
  }

  private markDirty(agent: RegisteredAgent): void {
    this.dirty.add(agent);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.flushMs);
  }

  private flush(): void {
    this.flushTimer = null;
    if (this.dirty.size === 0) return;
    const rows = [...this.dirty].map((agent) => agentRowFrom(agent.info));
    this.dirty.clear();
    this.options.onRows(rows);
  }
}
