/**
 * The operation monitor's recorder: watches the station's agent rows (heartbeats and expiries, as the
 * Registry sees them) and records every op-code change of every agent's operation into the store,
 * batched (one transaction per ~250 ms), so 2,000 agents at 1 Hz cost a compare per op per heartbeat
 * and a few small transactions a second, not a write per heartbeat.
 */
import type { AgentRow } from '../../shared/ipc.js';
import type { EncodedSession } from '../../shared/ocs-codes.js';
import { statusOfCode, type OpGridRow, type OpHistoryRecord, type OpTimeline } from '../../shared/operations.js';
import type { NewOpChange, OpHistoryStore, OpSessionInfo, OpTimelineQuery } from '../store/op-history.js';

export interface OpHistoryRecorderOptions {
  store: OpHistoryStore;
  /** Receives the records of each flushed batch (the ops:changes push). */
  publish: (records: OpHistoryRecord[]) => void;
  /** Write failures land here (the recorder keeps going). */
  onError?: (error: unknown) => void;
  /** How long changes are collected before one transaction (ms). Default 250. */
  flushMs?: number;
  /** Unix seconds; default Date.now() / 1000. */
  now?: () => number;
}

interface LastCode {
  code: number;
  at: number;
}

/** Codes that belong to a session (NONE and EXPIRED do not). */
const SESSION_CODES = new Set([2, 3, 4, 5, 6, 8]);
const key = (agent: string, op: string): string => `${agent}\u0000${op}`;

export class OpHistoryRecorder {
  private readonly last = new Map<string, LastCode>();
  private readonly sessions = new Map<string, OpSessionInfo>();
  private pending: NewOpChange[] = [];
  private annotations: Array<{ agent: string; op: string; session: OpSessionInfo }> = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly flushMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly options: OpHistoryRecorderOptions) {
    this.flushMs = options.flushMs ?? 250;
    this.now = options.now ?? (() => Date.now() / 1000);
    // After a restart, compare against what was recorded last: an unchanged op adds no row.
    for (const record of options.store.latest()) this.last.set(key(record.agent, record.op), { code: record.code, at: record.at });
  }

  /** The AgentRowsView's changed rows: records each op whose code differs from the last recorded one. */
  observe(rows: readonly AgentRow[]): void {
    if (this.closed) return;
    for (const row of rows) {
      // An expiry is seen when it happens; a heartbeat carries its own time.
      const at = row.expired ? (row.timeExpired ?? this.now()) : row.lastHeartbeat;
      for (const [op, code] of Object.entries(row.opCodes)) {
        const k = key(row.address, op);
        if (this.last.get(k)?.code === code) continue;
        this.last.set(k, { code, at });
        this.pending.push(this.change(row, op, code, at));
      }
    }
    this.schedule();
  }

  /** A session from one of the station's own op requests: annotates that op's recorded rows with it. */
  noteSession(agent: string, session: EncodedSession | null): void {
    if (this.closed || !session || typeof session.session_id !== 'number' || typeof session.op_name !== 'string') return;
    const info: OpSessionInfo = { sessionId: session.session_id, startedAt: session.start_time, endedAt: session.end_time ?? null };
    this.sessions.set(key(agent, session.op_name), info);
    this.annotations.push({ agent, op: session.op_name, session: info });
    this.schedule();
  }

  /** The grid: every agent's ops with their current codes and since when the station has seen them. */
  grid(rows: readonly AgentRow[]): OpGridRow[] {
    return rows.map((row) => ({
      address: row.address,
      agentClass: row.agentClass,
      expired: row.expired,
      ops: Object.fromEntries(
        Object.entries(row.opCodes).map(([op, code]) => {
          const last = this.last.get(key(row.address, op));
          return [op, { code, since: last && last.code === code ? last.at : null }];
        }),
      ),
    }));
  }

  /** A timeline over the window, with what is still queued written first; a window reaching into the future ends now. */
  timeline(query: OpTimelineQuery): OpTimeline {
    this.flush();
    return this.options.store.timeline({ ...query, to: Math.min(query.to, this.now()) });
  }

  /** One recorded change (what is queued is written first), or null. */
  record(id: number): OpHistoryRecord | null {
    this.flush();
    return this.options.store.record(id);
  }

  /** Writes what is queued now (one transaction) and pushes it. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const changes = this.pending;
    const annotations = this.annotations;
    this.pending = [];
    this.annotations = [];
    if (changes.length === 0 && annotations.length === 0) return;
    try {
      const records = this.options.store.append(changes);
      for (const { agent, op, session } of annotations) this.options.store.annotate(agent, op, session);
      if (records.length > 0) this.options.publish(records);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Writes what is queued and stops recording. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private change(row: AgentRow, op: string, code: number, at: number): NewOpChange {
    const session = SESSION_CODES.has(code) ? this.sessions.get(key(row.address, op)) : undefined;
    // A known session belongs to this change if it had begun by then and had not ended long before.
    const fits = session && session.startedAt <= at + 1 && (session.endedAt === null || session.endedAt >= at - 1 || code === 5 || code === 6);
    return {
      agent: row.address,
      agentClass: row.agentClass,
      op,
      code,
      sessionId: fits ? session.sessionId : null,
      // The status the code implies is always true of this change; a remembered session's status may be older.
      status: statusOfCode(code),
      startedAt: fits ? session.startedAt : null,
      endedAt: fits ? session.endedAt : null,
      at,
    };
  }

  private schedule(): void {
    if (!this.timer && (this.pending.length > 0 || this.annotations.length > 0)) this.timer = setTimeout(() => this.flush(), this.flushMs);
  }
}
