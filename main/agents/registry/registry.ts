import type { RegisteredAgentInfo } from '../../../shared/ocs-codes.js';
import type { OcsAgent } from '../../ocs/agent.js';
import { unixTime } from '../../ocs/clock.js';
import { describeError } from '../../ocs/errors.js';
import { verifyDataFieldString } from '../../ocs/feed.js';
import type { OpOutcome, OpRunContext } from '../../ocs/op-definitions.js';
import type { OpSession } from '../../ocs/session.js';
import { ExpiryQueue } from './expiry-queue.js';
import { RegisteredAgent } from './registered-agent.js';

export interface RegistryOptions {
  /** Period of the full agent_operations republish, seconds (upstream `--wait-time`, default 30). */
  waitTime?: number;
  /** Seconds without heartbeat before an agent expires (upstream agent_timeout, 5.0). */
  agentTimeout?: number;
  /** Period of the main loop (ms); upstream sleeps 1 s. */
  loopIntervalMs?: number;
}

/** Publishes per batch during a full republish before yielding to the event loop, so heartbeats keep flowing. */
const REPUBLISH_BATCH = 500;

/**
 * The Registry (upstream ocs/agents/registry): tracks every agent from its heartbeats, expires agents
 * silent for more than 5 s (op codes → 7), keeps the `main` session data as the map of all agents ever
 * seen, and publishes one agent_operations sample per op on change and every `waitTime` seconds.
 *
 * Differences from upstream, both deliberate: expiry is detected by a deadline queue rather than a 1 s
 * scan, and the 7s are published the moment an agent expires (upstream waits for the next periodic
 * republish, 16–43 s late). Full republishes are O(agents × ops) instead of upstream's quadratic flushes.
 */
export class Registry {
  readonly waitTime: number;
  readonly agentTimeout: number;
  private readonly loopIntervalMs: number;
  private readonly agents = new Map<string, RegisteredAgent>();
  /** The `main` session data: address → RegisteredAgent.encoded(), the same objects updated in place. */
  private readonly data: Record<string, RegisteredAgentInfo> = {};
  private readonly expiredAgents = new Set<RegisteredAgent>();
  private readonly expiry: ExpiryQueue;

  constructor(
    private readonly agent: OcsAgent,
    options: RegistryOptions = {},
  ) {
    this.waitTime = options.waitTime ?? 30;
    this.agentTimeout = options.agentTimeout ?? 5.0;
    this.loopIntervalMs = options.loopIntervalMs ?? 1000;
    this.expiry = new ExpiryQueue(this.agentTimeout * 1000, (address, nowMs) => this.expire(address, nowMs / 1000));
  }

  /** Snapshot of everything known, keyed by agent address (what `main` status returns as data). */
  registeredAgents(): Record<string, RegisteredAgentInfo> {
    return this.data;
  }

  /**
   * Handler of the `{root}..feeds.heartbeat` subscription: args are `[[op_codes, feed_info]]`.
   * Malformed events are ignored (upstream's handler would raise on them).
   */
  onHeartbeat(args: unknown[]): void {
    const payload = args[0];
    if (!Array.isArray(payload) || payload.length !== 2) return;
    const [opCodes, feed] = payload as [unknown, { agent_address?: unknown; agent_class?: unknown } | null];
    if (typeof feed !== 'object' || feed === null || typeof feed.agent_address !== 'string') return;
    const address = feed.agent_address;
    const nowMs = Date.now();
    let registered = this.agents.get(address);
    if (!registered) {
      registered = new RegisteredAgent(address, typeof feed.agent_class === 'string' ? feed.agent_class : null, nowMs / 1000);
      this.agents.set(address, registered);
      this.data[address] = registered.info;
    }
    // Old agents sent a bare 0 as heartbeat; that carries no op codes.
    const codes = typeof opCodes === 'object' && opCodes !== null && !Array.isArray(opCodes) ? (opCodes as Record<string, unknown>) : {};
    const changed = registered.refresh(codes, nowMs / 1000);
    this.expiredAgents.delete(registered);
    this.expiry.touch(address, nowMs);
    if (changed) this.publishAgentOps(registered);
  }

  /**
   * The `main` Process: runs the expiry detection and, every loop, refreshes time_expired of expired
   * agents (as upstream's loop re-expires them) and republishes all op codes every `waitTime` seconds.
   */
  async main(session: OpSession, params: Record<string, unknown>, ctx: OpRunContext): Promise<OpOutcome> {
    session.data = this.data;
    this.expiry.start();
    try {
      let lastPublish = unixTime();
      while (await ctx.sleep(this.loopIntervalMs)) {
        const now = unixTime();
        for (const registered of this.expiredAgents) registered.expire(now);
        if (now - lastPublish >= this.waitTime) {
          lastPublish = now;
          await this.republishAll(ctx);
        }
        if (params.test_mode) break;
      }
    } finally {
      this.expiry.stop();
    }
    return [true, 'Stopped registry main process'];
  }

  /** Publishes one `{block_name: field, timestamp, data: {field: op_code}}` per op of `registered`. */
  publishAgentOps(registered: RegisteredAgent): number {
    let published = 0;
    for (const [opName, opCode] of Object.entries(registered.info.op_codes)) {
      const field = registered.fieldName(opName);
      try {
        verifyDataFieldString(field);
        this.agent.publishToFeed('agent_operations', { block_name: field, timestamp: unixTime(), data: { [field]: opCode } });
        published += 1;
      } catch (error) {
        this.agent.logger.warn(`Improper field name or op code: ${field}\n${describeError(error)}`);
      }
    }
    return published;
  }

  private expire(address: string, now: number): void {
    const registered = this.agents.get(address);
    if (!registered) return;
    registered.expire(now);
    this.expiredAgents.add(registered);
    this.publishAgentOps(registered);
  }

  private async republishAll(ctx: OpRunContext): Promise<void> {
    let sinceYield = 0;
    for (const registered of [...this.agents.values()]) {
      if (ctx.stopRequested) return;
      sinceYield += this.publishAgentOps(registered);
      if (sinceYield >= REPUBLISH_BATCH) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }
}
