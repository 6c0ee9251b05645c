/**
 * The operation monitor's history in the station store (table op_history, migration 7): op-code
 * changes appended in batches, the last code per (agent, op) for a restart, and timelines over a
 * window as segments clipped to it, with a bounded result size.
 */
import type Database from 'better-sqlite3';
import { segmentsFrom, type OpChangePoint, type OpHistoryRecord, type OpStrip, type OpTimeline } from '../../shared/operations.js';

/** A change before the store gives it an id. */
export type NewOpChange = Omit<OpHistoryRecord, 'id'>;

/** What a session told the station (from an op reply), to annotate recorded changes with. */
export interface OpSessionInfo {
  sessionId: number;
  startedAt: number;
  endedAt: number | null;
}

export interface OpTimelineQuery {
  from: number;
  to: number;
  agentClass?: string;
  agent?: string;
  /** At most this many strips (default 5,000). */
  maxStrips?: number;
  /** At most this many changes inside the window (default 50,000); past it the timeline ends earlier. */
  maxChanges?: number;
}

interface Row {
  id: number;
  agent: string;
  agent_class: string | null;
  op: string;
  code: number;
  session_id: number | null;
  status: string | null;
  started_at: number | null;
  ended_at: number | null;
  at: number;
}

interface KeyRow {
  agent: string;
  op: string;
  agent_class: string | null;
}

const COLUMNS = 'id, agent, agent_class, op, code, session_id, status, started_at, ended_at, at';
const key = (agent: string, op: string): string => `${agent}\u0000${op}`;

function toRecord(row: Row): OpHistoryRecord {
  return {
    id: row.id,
    agent: row.agent,
    agentClass: row.agent_class,
    op: row.op,
    code: row.code,
    sessionId: row.session_id,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    at: row.at,
  };
}

/** Operation history: append-only rows of op-code changes. */
export class OpHistoryStore {
  private readonly insert: Database.Statement;
  private readonly upsertKey: Database.Statement;
  private readonly entering: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly annotateRows: Database.Statement;
  private readonly appendAll: (changes: readonly NewOpChange[]) => OpHistoryRecord[];

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO op_history (agent, agent_class, op, code, session_id, status, started_at, ended_at, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertKey = db.prepare(
      'INSERT INTO op_history_keys (agent, op, agent_class) VALUES (?, ?, ?) ON CONFLICT (agent, op) DO UPDATE SET agent_class = excluded.agent_class WHERE agent_class IS NOT excluded.agent_class',
    );
    this.entering = db.prepare('SELECT id, code, at FROM op_history WHERE agent = ? AND op = ? AND at <= ? ORDER BY at DESC, id DESC LIMIT 1');
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM op_history WHERE id = ?`);
    this.annotateRows = db.prepare(
      'UPDATE op_history SET session_id = ?, started_at = ?, ended_at = ? WHERE agent = ? AND op = ? AND at >= ? AND at <= ? AND code NOT IN (1, 7) AND (session_id IS NULL OR session_id = ?)',
    );
    // One transaction per batch: the recorder flushes every ~250 ms, not once per change.
    this.appendAll = db.transaction((changes: readonly NewOpChange[]) =>
      changes.map((change) => {
        const info = this.insert.run(change.agent, change.agentClass, change.op, change.code, change.sessionId, change.status, change.startedAt, change.endedAt, change.at);
        this.upsertKey.run(change.agent, change.op, change.agentClass);
        return { ...change, id: Number(info.lastInsertRowid) };
      }),
    );
  }

  /** Appends changes in one transaction; returns them with their ids. */
  append(changes: readonly NewOpChange[]): OpHistoryRecord[] {
    return changes.length === 0 ? [] : this.appendAll(changes);
  }

  /** Sets the session of the rows of (agent, op) recorded since the session started (those without another session). */
  annotate(agent: string, op: string, session: OpSessionInfo): number {
    // A second of slack: the station may see the STARTING heartbeat a moment before the session's own clock says it began.
    const since = session.startedAt - 1;
    // An ended session owns no row seen more than a second after its end (that is the next session's).
    const until = session.endedAt === null ? Number.MAX_VALUE : session.endedAt + 1;
    return this.annotateRows.run(session.sessionId, session.startedAt, session.endedAt, agent, op, since, until, session.sessionId).changes;
  }

  /** One recorded change, or null. */
  record(id: number): OpHistoryRecord | null {
    const row = this.byId.get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** The newest record of every (agent, op) ever seen: the recorder's starting point after a restart. */
  latest(): OpHistoryRecord[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM op_history WHERE id IN (SELECT (SELECT id FROM op_history h WHERE h.agent = k.agent AND h.op = k.op ORDER BY at DESC, id DESC LIMIT 1) FROM op_history_keys k)`)
      .all() as Row[];
    return rows.map(toRecord);
  }

  /** Every change inside (from, to], ascending (tests and exports; unbounded, so callers pass small windows). */
  changes(from: number, to: number): OpHistoryRecord[] {
    return (this.db.prepare(`SELECT ${COLUMNS} FROM op_history WHERE at > ? AND at <= ? ORDER BY at, id`).all(from, to) as Row[]).map(toRecord);
  }

  /**
   * Per (agent, op) the segments over [from, to] clipped to it, for the keys matching the filters.
   * When more than maxChanges changes fall inside the window, `to` moves back to the last one included
   * (every strip then ends at the same instant) and `truncated` is set.
   */
  timeline(query: OpTimelineQuery): OpTimeline {
    const maxStrips = query.maxStrips ?? 5_000;
    const maxChanges = query.maxChanges ?? 50_000;
    const { from } = query;
    let to = query.to;
    let truncated = false;
    const keys = this.keys(query, maxStrips + 1);
    if (keys.length > maxStrips) {
      keys.length = maxStrips;
      truncated = true;
    }
    const wanted = new Map(keys.map((row) => [key(row.agent, row.op), row]));
    const inWindow = this.windowRows(from, to, query.agent, maxChanges + 1);
    if (inWindow.length > maxChanges) {
      inWindow.length = maxChanges;
      to = inWindow[maxChanges - 1].at;
      truncated = true;
    }
    const byKey = new Map<string, OpChangePoint[]>();
    for (const row of inWindow) {
      const k = key(row.agent, row.op);
      if (!wanted.has(k)) continue;
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(row);
    }
    const strips: OpStrip[] = [];
    for (const [k, row] of wanted) {
      const entering = (this.entering.get(row.agent, row.op, from) as OpChangePoint | undefined) ?? null;
      const segments = segmentsFrom(entering, byKey.get(k) ?? [], from, to);
      if (segments.length > 0) strips.push({ agent: row.agent, agentClass: row.agent_class, op: row.op, segments });
    }
    return { from, to, strips, truncated };
  }

  private keys(query: OpTimelineQuery, limit: number): KeyRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.agent !== undefined) {
      where.push('agent = ?');
      params.push(query.agent);
    }
    if (query.agentClass !== undefined) {
      where.push('agent_class = ?');
      params.push(query.agentClass);
    }
    const sql = `SELECT agent, op, agent_class FROM op_history_keys ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY agent, op LIMIT ?`;
    return this.db.prepare(sql).all(...params, limit) as KeyRow[];
  }

  private windowRows(from: number, to: number, agent: string | undefined, limit: number): Array<OpChangePoint & { agent: string; op: string }> {
    // By agent: the (agent, op, at) index; otherwise the time index, in time order so a bound cuts every strip at one instant.
    const sql =
      agent !== undefined
        ? 'SELECT id, agent, op, code, at FROM op_history WHERE agent = ? AND at > ? AND at <= ? ORDER BY at, id LIMIT ?'
        : 'SELECT id, agent, op, code, at FROM op_history WHERE at > ? AND at <= ? ORDER BY at, id LIMIT ?';
    const params = agent !== undefined ? [agent, from, to, limit] : [from, to, limit];
    return this.db.prepare(sql).all(...params) as Array<OpChangePoint & { agent: string; op: string }>;
  }
}
