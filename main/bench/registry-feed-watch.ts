import type { SimulatedAgent } from './registry-load.js';

/** OCS op code EXPIRED (ocs/base.py OpCode). */
const EXPIRED = 7;

type RecordBlocks = Record<string, { data?: Record<string, unknown> }>;

/**
 * Follows the Registry's `agent_operations` feed (record-block format, one block per op, §4): notes which
 * simulated agents the Registry has published at all (so every agent is registered) and when op code 7
 * first arrived for each agent.
 */
export class AgentOperationsWatch {
  private readonly agentOfField = new Map<string, number>();
  private readonly published = new Set<number>();
  /** Arrival time (Date.now) of the first op code 7 of each agent, by agent index. */
  readonly firstExpiredAtMs = new Map<number, number>();
  private samples = 0;
  private foreign = 0;

  constructor(agents: readonly SimulatedAgent[]) {
    for (const agent of agents) for (const field of agent.fields) this.agentOfField.set(field, agent.index);
  }

  /** Samples received so far (one per op published). */
  get samplesReceived(): number {
    return this.samples;
  }

  /** Samples for fields of no simulated agent (should stay 0: nothing else runs). */
  get foreignSamples(): number {
    return this.foreign;
  }

  /** Number of simulated agents the Registry has published op codes for. */
  get agentsPublished(): number {
    return this.published.size;
  }

  /** EVENT handler for `{root}.registry.feeds.agent_operations`: args `[[{field: block}, feed_info]]`. */
  readonly onEvent = (args: unknown[], arrivedAtMs: number): void => {
    const message = args[0];
    if (!Array.isArray(message) || typeof message[0] !== 'object' || message[0] === null) return;
    for (const [field, block] of Object.entries(message[0] as RecordBlocks)) {
      this.samples += 1;
      const index = this.agentOfField.get(field);
      if (index === undefined) {
        this.foreign += 1;
        continue;
      }
      this.published.add(index);
      const codes = block.data?.[field];
      if (Array.isArray(codes) && codes.includes(EXPIRED) && !this.firstExpiredAtMs.has(index)) this.firstExpiredAtMs.set(index, arrivedAtMs);
    }
  };

  /** True once op code 7 arrived for every agent in `indices`. */
  allExpired(indices: Iterable<number>): boolean {
    for (const index of indices) if (!this.firstExpiredAtMs.has(index)) return false;
    return true;
  }
}

/** Polls `condition` every `pollMs` until it holds (resolves true) or `timeoutMs` passes (resolves false). */
export async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs = 10): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
