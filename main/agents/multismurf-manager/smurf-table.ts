/**
 * The live table of PysmurfControllers, built from heartbeats: who is on the bus, whether it has
 * expired, its stream id (from its `check_state` session, instance id as fallback) and its op
 * sessions (from get_api). The heartbeat handler only records; get_api refreshes run asynchronously.
 */
import type { EncodedSession } from '../../../shared/ocs-codes.js';
import type { AgentApi } from '../../ocs/client-api.js';
import type { OcsLogger } from '../../ocs/logger.js';
import { describeCallFailure } from './controller-link.js';

export const CONTROLLER_CLASS = 'PysmurfController';

/** What the `monitor` process shows per controller (session.data.smurfs[address]). */
export interface ManagedSmurfInfo {
  address: string;
  instance_id: string;
  stream_id: string;
  /** Where stream_id came from: the controller's check_state data, or the instance id fallback. */
  stream_id_source: 'check_state' | 'instance_id';
  crate: number | null;
  slot: number | null;
  expired: boolean;
  /** Unix seconds of the last heartbeat (upstream's name). */
  last_refresh: number;
  /** Unix seconds of the last successful get_api, or null. */
  last_api_refresh: number | null;
  /** Op codes from the last heartbeat. */
  op_codes: Record<string, number>;
  /** Latest session per op from get_api (messages trimmed to the last few). */
  sessions: Record<string, EncodedSession>;
}

/** What the fan-out needs to know about one controller op. */
export interface ControllerOpInfo {
  kind: 'task' | 'process';
  abortable: boolean;
}

interface Entry {
  info: ManagedSmurfInfo;
  ops: Map<string, ControllerOpInfo>;
  refreshing: Promise<void> | null;
  refreshAgain: boolean;
  lastRefreshAttempt: number;
  firstSeen: number;
}

export interface SmurfTableOptions {
  expireS: number;
  /** Period of the background get_api refresh of live controllers. */
  refreshIntervalMs: number;
  /** Fetches a controller's get_api (bounded in time). */
  getApi: (address: string) => Promise<AgentApi>;
  logger: OcsLogger;
  now?: () => number;
}

/** Session messages kept per op in the monitor data: enough for a status line, not a whole script log. */
const KEPT_MESSAGES = 5;
/** While a controller's stream id is unknown, its get_api is retried at most this often on heartbeats. */
const UNKNOWN_RETRY_MS = 1000;
/** A controller without a check_state stream id this long after first sight keeps its instance id as stream id. */
const SETTLE_S = 10;

/** Controllers seen on the bus, keyed by agent address. */
export class SmurfTable {
  /** The monitor's session.data.smurfs: updated in place. */
  readonly data: Record<string, ManagedSmurfInfo> = {};
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: SmurfTableOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /** Heartbeat handler payload `[[op_codes, feed_info]]`; other agent classes and malformed events are ignored. */
  onHeartbeat(args: unknown[]): void {
    const payload = args[0];
    if (!Array.isArray(payload) || payload.length !== 2) return;
    const [codes, feed] = payload as [unknown, { agent_address?: unknown; agent_class?: unknown } | null];
    if (typeof feed !== 'object' || feed === null || feed.agent_class !== CONTROLLER_CLASS || typeof feed.agent_address !== 'string') return;
    const opCodes = typeof codes === 'object' && codes !== null && !Array.isArray(codes) ? (codes as Record<string, number>) : {};
    const now = this.now();
    let entry = this.entries.get(feed.agent_address);
    const firstSight = !entry;
    if (!entry) entry = this.add(feed.agent_address, now);
    const changed = JSON.stringify(entry.info.op_codes) !== JSON.stringify(opCodes);
    entry.info.last_refresh = now;
    entry.info.expired = false;
    entry.info.op_codes = opCodes;
    const unknownStream =
      entry.info.stream_id_source !== 'check_state' && now - entry.firstSeen < SETTLE_S && (now - entry.lastRefreshAttempt) * 1000 >= UNKNOWN_RETRY_MS;
    if (firstSight || changed || unknownStream) void this.refresh(feed.agent_address);
  }

  /** Marks controllers silent for more than expireS as expired and refreshes stale ones. Called by the monitor loop. */
  tick(): void {
    const now = this.now();
    for (const [address, entry] of this.entries) {
      entry.info.expired = this.isExpired(address, now);
      if (!entry.info.expired && (now - entry.lastRefreshAttempt) * 1000 >= this.options.refreshIntervalMs) void this.refresh(address);
    }
  }

  /** True when the controller has not sent a heartbeat for more than expireS (or is unknown). */
  isExpired(address: string, now = this.now()): boolean {
    const entry = this.entries.get(address);
    return !entry || now - entry.info.last_refresh > this.options.expireS;
  }

  /** Seconds since the controller's last heartbeat. */
  silentFor(address: string): number {
    const entry = this.entries.get(address);
    return entry ? this.now() - entry.info.last_refresh : Infinity;
  }

  /** Every known controller, live or expired. */
  list(): ManagedSmurfInfo[] {
    return [...this.entries.values()].map((e) => e.info);
  }

  /** What get_api said about `opName` on `address` (kind, abortable), if known. */
  opInfo(address: string, opName: string): ControllerOpInfo | undefined {
    return this.entries.get(address)?.ops.get(opName);
  }

  /**
   * Refreshes live controllers whose stream id may still change: never answered get_api, or newly
   * seen without a check_state stream id yet. Waits at most limitMs.
   */
  async refreshUnknown(limitMs: number): Promise<void> {
    const now = this.now();
    const unsettled = (e: Entry) => e.info.last_api_refresh === null || (e.info.stream_id_source !== 'check_state' && now - e.firstSeen < SETTLE_S);
    const pending = [...this.entries].filter(([a, e]) => !this.isExpired(a, now) && unsettled(e)).map(([a]) => a);
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(pending.map((a) => this.refresh(a))), new Promise((r) => (timer = setTimeout(r, limitMs)))]);
    clearTimeout(timer);
  }

  /** Runs one get_api refresh (a refresh requested while one runs is done right after it). */
  refresh(address: string): Promise<void> {
    const entry = this.entries.get(address);
    if (!entry) return Promise.resolve();
    if (entry.refreshing) {
      entry.refreshAgain = true;
      return entry.refreshing;
    }
    entry.lastRefreshAttempt = this.now();
    entry.refreshing = this.fetch(entry).finally(() => {
      entry.refreshing = null;
      if (entry.refreshAgain) {
        entry.refreshAgain = false;
        void this.refresh(address);
      }
    });
    return entry.refreshing;
  }

  private add(address: string, now: number): Entry {
    const instanceId = address.split('.').pop() ?? address;
    const [crate, slot] = crateSlotFromId(instanceId);
    const info: ManagedSmurfInfo = {
      address,
      instance_id: instanceId,
      stream_id: instanceId,
      stream_id_source: 'instance_id',
      crate,
      slot,
      expired: false,
      last_refresh: now,
      last_api_refresh: null,
      op_codes: {},
      sessions: {},
    };
    const entry: Entry = { info, ops: new Map(), refreshing: null, refreshAgain: false, lastRefreshAttempt: 0, firstSeen: now };
    this.entries.set(address, entry);
    this.data[address] = info;
    this.options.logger.info(`Found PysmurfController ${address}`);
    return entry;
  }

  private async fetch(entry: Entry): Promise<void> {
    let api: AgentApi;
    try {
      api = await this.options.getApi(entry.info.address);
    } catch (error) {
      this.options.logger.debug(`get_api of ${entry.info.address} failed: ${describeCallFailure(error)}`);
      return;
    }
    const sessions: Record<string, EncodedSession> = {};
    entry.ops.clear();
    for (const [kind, list] of [['task', api.tasks], ['process', api.processes]] as const) {
      for (const [name, session, info] of list) {
        entry.ops.set(name, { kind, abortable: kind === 'task' && info.abortable === true });
        if (session.status !== 'no_history') sessions[name] = trimMessages(session as unknown as EncodedSession);
      }
    }
    entry.info.sessions = sessions;
    entry.info.last_api_refresh = this.now();
    const state = sessions.check_state?.data ?? {};
    if (typeof state.stream_id === 'string' && state.stream_id !== '') {
      if (entry.info.stream_id !== state.stream_id) this.options.logger.info(`${entry.info.address} has stream id ${state.stream_id}`);
      entry.info.stream_id = state.stream_id;
      entry.info.stream_id_source = 'check_state';
    }
    if (typeof state.crate === 'number') entry.info.crate = state.crate;
    if (typeof state.slot === 'number') entry.info.slot = state.slot;
  }
}

function trimMessages(session: EncodedSession): EncodedSession {
  return Array.isArray(session.messages) && session.messages.length > KEPT_MESSAGES ? { ...session, messages: session.messages.slice(-KEPT_MESSAGES) } : session;
}

/** Crate and slot from the site's naming convention (`pysmurf-controller-c1s2`); nulls otherwise. */
export function crateSlotFromId(instanceId: string): [number | null, number | null] {
  const match = /c(\d+)s(\d+)$/.exec(instanceId);
  return match ? [Number(match[1]), Number(match[2])] : [null, null];
}
