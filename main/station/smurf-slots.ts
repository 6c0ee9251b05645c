import type { SmurfSlot } from '../../shared/smurf.js';
import type { AgentApi } from '../ocs/client-api.js';
import { crateSlotFromInstanceId, slotStateFromApi } from './smurf-slot-state.js';

/** The agent class whose heartbeats make a smurf slot. */
export const CONTROLLER_CLASS = 'PysmurfController';
/** Other smurf agents the view notes (for smurf:info on a site's bus). */
const NOTED_CLASSES = new Set(['MultiSmurfManager', 'PysmurfMonitor']);

export interface SmurfSlotsOptions {
  /** Reads a controller's get_api (through the station's session); rejects when it cannot. */
  getApi(address: string): Promise<AgentApi>;
  /** Slots that changed since the last call, at most once per `flushMs`. */
  onSlots(slots: SmurfSlot[]): void;
  /** Seconds without heartbeat before a slot counts as expired (the Registry's 5 s by default). */
  expireS?: number;
  /** How often each alive controller's sessions are read (ms). Default 2000. */
  pollMs?: number;
  flushMs?: number;
}

interface Entry {
  slot: SmurfSlot;
  opCodes: string;
  polling: boolean;
  /** An op-code change arrived while a poll was in flight: poll again when it ends. */
  again: boolean;
  lastPoll: number;
}

/**
 * Every PysmurfController on the bus as a slot card: alive/expired from its heartbeats (fed by the
 * station's heartbeat subscription, handled synchronously), stream id, stream state, current op and
 * last result from its get_api sessions, read in the background every `pollMs` and whenever its op
 * codes change. A slow or dead controller only delays its own card.
 */
export class SmurfSlotsView {
  private readonly entries = new Map<string, Entry>();
  /** Last heartbeat (ms) per address of the NOTED_CLASSES, by class. */
  private readonly noted = new Map<string, Map<string, number>>();
  private readonly dirty = new Set<string>();
  private readonly expireMs: number;
  private readonly pollMs: number;
  private readonly flushMs: number;
  private readonly ticker: NodeJS.Timeout;
  private flushTimer: NodeJS.Timeout | null = null;
  /** Bumped by clear(): polls of a previous bus must not write into the new one's entries. */
  private generation = 0;

  constructor(private readonly options: SmurfSlotsOptions) {
    this.expireMs = (options.expireS ?? 5) * 1000;
    this.pollMs = options.pollMs ?? 2000;
    this.flushMs = options.flushMs ?? 100;
    this.ticker = setInterval(() => this.tick(), Math.min(500, this.pollMs));
    this.ticker.unref();
  }

  /** Every controller seen (copies), sorted by crate, slot, address. */
  snapshot(): SmurfSlot[] {
    return [...this.entries.values()].map((entry) => copy(entry.slot)).sort(bySlot);
  }

  /** Handler of `{root}..feeds.heartbeat` events: `[[op_codes, feed_info]]`; other classes and malformed events are ignored. */
  onHeartbeat(args: unknown[]): void {
    const payload = args[0];
    if (!Array.isArray(payload) || payload.length !== 2) return;
    const [opCodes, feed] = payload as [unknown, { agent_address?: unknown; agent_class?: unknown } | null];
    if (typeof feed !== 'object' || feed === null || typeof feed.agent_address !== 'string' || typeof feed.agent_class !== 'string') return;
    if (NOTED_CLASSES.has(feed.agent_class)) return this.note(feed.agent_class, feed.agent_address);
    if (feed.agent_class !== CONTROLLER_CLASS) return;
    const address = feed.agent_address;
    const codes = typeof opCodes === 'object' && opCodes !== null ? JSON.stringify(opCodes) : '';
    let entry = this.entries.get(address);
    if (!entry) {
      const instanceId = address.split('.').at(-1) ?? address;
      const slot: SmurfSlot = { address, instanceId, ...crateSlotFromInstanceId(instanceId), streamId: instanceId, expired: false, lastHeartbeat: 0, currentOp: null, streamOn: null, lastResult: null };
      entry = { slot, opCodes: codes, polling: false, again: false, lastPoll: 0 };
      this.entries.set(address, entry);
      this.poll(address, entry);
    } else if (entry.opCodes !== codes) {
      entry.opCodes = codes;
      this.poll(address, entry);
    }
    entry.slot.lastHeartbeat = Date.now() / 1000;
    entry.slot.expired = false;
    this.markDirty(address);
  }

  /** The address of an alive MultiSmurfManager / PysmurfMonitor seen on the bus (first by name), or null. */
  aliveAddressOf(agentClass: string): string | null {
    const now = Date.now();
    const alive = [...(this.noted.get(agentClass) ?? new Map<string, number>())].filter(([, last]) => now - last <= this.expireMs).map(([address]) => address);
    return alive.sort()[0] ?? null;
  }

  /** Forgets every controller (the station moved to another bus). */
  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.noted.clear();
    this.dirty.clear();
  }

  /** Stops the timers for good. */
  close(): void {
    clearInterval(this.ticker);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.clear();
  }

  private note(agentClass: string, address: string): void {
    let byAddress = this.noted.get(agentClass);
    if (!byAddress) this.noted.set(agentClass, (byAddress = new Map()));
    byAddress.set(address, Date.now());
  }

  private tick(): void {
    const now = Date.now();
    for (const [address, entry] of this.entries) {
      if (!entry.slot.expired && now - entry.slot.lastHeartbeat * 1000 > this.expireMs) {
        entry.slot.expired = true;
        this.markDirty(address);
      }
      if (!entry.slot.expired && now - entry.lastPoll >= this.pollMs) this.poll(address, entry);
    }
  }

  private poll(address: string, entry: Entry): void {
    if (entry.polling) {
      entry.again = true;
      return;
    }
    entry.polling = true;
    entry.again = false;
    entry.lastPoll = Date.now();
    const generation = this.generation;
    this.options
      .getApi(address)
      .then((api) => {
        if (generation !== this.generation) return;
        const before = JSON.stringify(entry.slot);
        Object.assign(entry.slot, slotStateFromApi(api, entry.slot.instanceId));
        if (JSON.stringify(entry.slot) !== before) this.markDirty(address);
      })
      // A controller that cannot answer keeps its last known state; its heartbeats decide alive/expired.
      .catch(() => undefined)
      .finally(() => {
        entry.polling = false;
        if (entry.again && generation === this.generation) this.poll(address, entry);
      });
  }

  private markDirty(address: string): void {
    this.dirty.add(address);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.flushMs);
  }

  private flush(): void {
    this.flushTimer = null;
    const slots = [...this.dirty].flatMap((address) => {
      const entry = this.entries.get(address);
      return entry ? [copy(entry.slot)] : [];
    });
    this.dirty.clear();
    if (slots.length > 0) this.options.onSlots(slots);
  }
}

function copy(slot: SmurfSlot): SmurfSlot {
  return { ...slot, currentOp: slot.currentOp && { ...slot.currentOp }, lastResult: slot.lastResult && { ...slot.lastResult } };
}

function bySlot(a: SmurfSlot, b: SmurfSlot): number {
  return (a.crate ?? Infinity) - (b.crate ?? Infinity) || (a.slot ?? Infinity) - (b.slot ?? Infinity) || a.address.localeCompare(b.address);
}
