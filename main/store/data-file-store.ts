import type Database from 'better-sqlite3';
import type { DataFileRecord } from '../../shared/smurf.js';
import type { ChangeEvents } from './change-events.js';

/** A data file before the store gives it an id. */
export type NewDataFileRecord = Omit<DataFileRecord, 'id'>;

export interface DataFileQuery {
  /** Only files of this publisher id (stream id). */
  pubId?: string;
  /** Only files of this pysmurf action (e.g. `take_iv`). */
  action?: string;
  source?: DataFileRecord['source'];
  /** Default 200, at most 10,000. */
  limit?: number;
}

interface DataFileRow {
  id: number;
  path: string;
  type: string;
  format: string;
  action: string | null;
  action_ts: string | null;
  plot: number;
  pub_id: string;
  timestamp: number;
  received_at: number;
  source: DataFileRecord['source'];
}

const MAX_LIST = 10_000;

/** A row the store refuses as invalid (retrying cannot help, unlike a database failure). */
export class InvalidDataFileError extends TypeError {
  override readonly name = 'InvalidDataFileError';
}

/** The index of files registered through the PysmurfMonitor (`data_file` / `g3_file` datagrams). */
export class DataFileStore {
  private readonly insert: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly events: ChangeEvents,
  ) {
    this.insert = db.prepare(
      `INSERT INTO data_files (path, type, format, action, action_ts, plot, pub_id, timestamp, received_at, source)
       VALUES (@path, @type, @format, @action, @actionTs, @plot, @pubId, @timestamp, @receivedAt, @source)`,
    );
  }

  /** Stores one file (committed when this returns) and announces it. */
  add(file: NewDataFileRecord): DataFileRecord {
    checkFile(file);
    const info = this.insert.run({ ...file, plot: file.plot ? 1 : 0 });
    const record: DataFileRecord = { id: Number(info.lastInsertRowid), ...file };
    this.events.emit({ kind: 'datafile', file: record });
    return record;
  }

  /** Files matching `query`, newest (by file timestamp) first. */
  list(query: DataFileQuery = {}): DataFileRecord[] {
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 200)), MAX_LIST);
    const filters = { pub_id: query.pubId, action: query.action, source: query.source };
    const where: string[] = [];
    const params: Record<string, unknown> = { limit };
    for (const [column, value] of Object.entries(filters)) {
      if (value === undefined) continue;
      where.push(`${column} = @${column}`);
      params[column] = value;
    }
    const sql = `SELECT * FROM data_files ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY timestamp DESC, id DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as DataFileRow[]).map(toRecord);
  }

  /** Number of indexed files. */
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM data_files').get() as { n: number }).n;
  }
}

function toRecord(row: DataFileRow): DataFileRecord {
  return {
    id: row.id,
    path: row.path,
    type: row.type,
    format: row.format,
    action: row.action,
    actionTs: row.action_ts,
    plot: row.plot === 1,
    pubId: row.pub_id,
    timestamp: row.timestamp,
    receivedAt: row.received_at,
    source: row.source,
  };
}

function checkFile(file: NewDataFileRecord): void {
  for (const key of ['path', 'type', 'format', 'pubId'] as const) {
    if (typeof file[key] !== 'string') throw new InvalidDataFileError(`data file: "${key}" must be a string`);
  }
  if (file.path === '') throw new TypeError('data file: "path" is empty');
  for (const key of ['timestamp', 'receivedAt'] as const) {
    if (typeof file[key] !== 'number' || !Number.isFinite(file[key])) throw new InvalidDataFileError(`data file: "${key}" must be a finite number (Unix seconds)`);
  }
  if (file.source !== 'data_file' && file.source !== 'g3_file') throw new InvalidDataFileError(`data file: "source" must be data_file or g3_file (got ${String(file.source)})`);
}
