/**
 * The audit log (`store.audit`): append-only records of user actions, listed newest first with
 * filters (text, action, result, time range) and before-id paging. Times are Unix ms.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditFilter } from '../../shared/audit.js';

/** An entry before the store gives it an id. */
export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditQuery extends AuditFilter {
  /** Only entries with a smaller id (paging back from the last page's oldest). */
  before?: number;
  /** Default 200, at most 1000. */
  limit?: number;
}

export interface AuditLog {
  /** Records one entry (committed when this returns); returns it with its id. */
  append(entry: NewAuditEntry): AuditEntry;
  /** Entries matching `query`, newest (highest id) first. */
  list(query?: AuditQuery): AuditEntry[];
  /** How many entries match the filter (paging and limit ignored). */
  count(filter?: AuditFilter): number;
}

interface AuditRow {
  id: number;
  time: number;
  user: string;
  client: string;
  action: string;
  target: string;
  params: string;
  ok: number;
  error_code: string | null;
  message: string | null;
  result: string | null;
  duration_ms: number;
}

export const AUDIT_LIST_MAX = 1000;

/** The audit table's accessors over an open, migrated store. */
export function createAuditLog(db: Database.Database): AuditLog {
  const insert = db.prepare(
    `INSERT INTO audit_log (time, user, client, action, target, params, ok, error_code, message, result, duration_ms)
     VALUES (@time, @user, @client, @action, @target, @params, @ok, @errorCode, @message, @result, @durationMs)`,
  );
  return {
    append(entry) {
      const row = {
        ...entry,
        time: Math.round(entry.time),
        params: JSON.stringify(entry.params),
        ok: entry.ok ? 1 : 0,
        // The CHECK pairs ok with a missing error code: an error always names one.
        errorCode: entry.ok ? null : (entry.errorCode ?? 'error'),
        result: entry.result === null || entry.result === undefined ? null : JSON.stringify(entry.result),
        durationMs: Math.max(0, Math.round(entry.durationMs)),
      };
      const info = insert.run(row);
      // Read back through JSON, so the pushed entry equals what list() returns later.
      return {
        id: Number(info.lastInsertRowid),
        ...entry,
        time: row.time,
        params: JSON.parse(row.params) as Record<string, unknown>,
        errorCode: row.errorCode,
        result: row.result === null ? null : (JSON.parse(row.result) as unknown),
        durationMs: row.durationMs,
      };
    },
    list(query = {}) {
      const { where, params } = whereClause(query);
      if (query.before !== undefined) {
        where.push('id < @before');
        params.before = query.before;
      }
      params.limit = Math.min(Math.max(1, Math.floor(query.limit ?? 200)), AUDIT_LIST_MAX);
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
      return (db.prepare(sql).all(params) as AuditRow[]).map(toEntry);
    },
    count(filter = {}) {
      const { where, params } = whereClause(filter);
      const sql = `SELECT count(*) AS n FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
      return (db.prepare(sql).get(params) as { n: number }).n;
    },
  };
}

function whereClause(filter: AuditFilter): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.action) {
    where.push('action = @action');
    params.action = filter.action;
  }
  if (filter.result) where.push(filter.result === 'ok' ? 'ok = 1' : 'ok = 0');
  if (filter.since !== undefined) {
    where.push('time >= @since');
    params.since = filter.since;
  }
  if (filter.until !== undefined) {
    where.push('time <= @until');
    params.until = filter.until;
  }
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    // instr() rather than LIKE: the user's % and _ are meant literally.
    where.push(`(instr(lower(target), @text) > 0 OR instr(lower(action), @text) > 0 OR instr(lower(params), @text) > 0 OR instr(lower(coalesce(message, '')), @text) > 0)`);
    params.text = text;
  }
  return { where, params };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    time: row.time,
    user: row.user,
    client: row.client,
    action: row.action,
    target: row.target,
    params: JSON.parse(row.params) as Record<string, unknown>,
    ok: row.ok === 1,
    errorCode: row.error_code,
    message: row.message,
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    durationMs: row.duration_ms,
  };
}
