/**
 * The station store's schema, as an ordered list of migrations. The schema version is SQLite's
 * `PRAGMA user_version`; each migration runs in its own IMMEDIATE transaction together with the
 * version bump, so a crash leaves the file at the old or the new version, never in between.
 * Later features append migrations (new tables); a released migration is never edited.
 */
import type Database from 'better-sqlite3';
import { ALARMS_MIGRATION } from './alarms-migration.js';
import { API_KEYS_MIGRATION } from './api-keys-migration.js';
import { AUDIT_MIGRATION } from './audit-migration.js';
import { FASTMON_MIGRATION } from './fastmon-migration.js';
import { OP_HISTORY_MIGRATION } from './op-history-migration.js';
import { TESTBED_MIGRATION } from './testbed-migration.js';

export interface Migration {
  /** 1, 2, 3 … in order; equals the user_version after it ran. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'script runs, script output, data files',
    sql: `
      CREATE TABLE script_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        controller TEXT NOT NULL,
        stream_id TEXT NOT NULL,
        op TEXT NOT NULL,
        script TEXT NOT NULL,
        args TEXT NOT NULL,            -- JSON array of strings
        log TEXT NOT NULL,             -- JSON: true, false or the log file path
        started_at REAL NOT NULL,
        ended_at REAL,
        exit_code INTEGER,
        signal TEXT,
        success INTEGER,
        lines INTEGER NOT NULL DEFAULT 0,
        pid INTEGER NOT NULL,          -- the recording process, to close runs it left open when it died
        CHECK ((ended_at IS NULL) = (success IS NULL))
      );
      CREATE INDEX script_runs_open ON script_runs(ended_at) WHERE ended_at IS NULL;
      CREATE TABLE script_output (
        run_id INTEGER NOT NULL REFERENCES script_runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        stream TEXT NOT NULL CHECK (stream IN ('stdout', 'stderr')),
        time REAL NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE data_files (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL,
        type TEXT NOT NULL,
        format TEXT NOT NULL,
        action TEXT,
        action_ts TEXT,
        plot INTEGER NOT NULL,
        pub_id TEXT NOT NULL,
        timestamp REAL NOT NULL,
        received_at REAL NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('data_file', 'g3_file'))
      );
      CREATE INDEX data_files_by_pub ON data_files(pub_id, timestamp);
      CREATE INDEX data_files_by_action ON data_files(action, timestamp);
      CREATE INDEX data_files_by_time ON data_files(timestamp);
    `,
  },
  TESTBED_MIGRATION,
  FASTMON_MIGRATION,
  API_KEYS_MIGRATION,
  AUDIT_MIGRATION,
  ALARMS_MIGRATION,
  OP_HISTORY_MIGRATION,
];

/** The schema version this build writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/** Applies every migration the file lacks; refuses a file written by a newer station. Returns the versions applied. */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const applied: number[] = [];
  for (const migration of migrations) {
    // Re-read the version inside the write lock: another process may have migrated meanwhile.
    const ran = db
      .transaction(() => {
        const current = userVersion(db);
        if (current > latest) throw newerSchemaError(file, current, latest);
        if (current >= migration.version) return false;
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(migration.version);
  }
  const final = userVersion(db);
  if (final > latest) throw newerSchemaError(file, final, latest);
  return applied;
}

/** The file's schema version (0 for a new file). */
export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function newerSchemaError(file: string, found: number, supported: number): Error {
  return new Error(
    `station store ${file} has schema version ${found}, newer than this Control Station supports (${supported}); ` +
      'run a newer Control Station or point it at another data directory',
  );
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
  });
}
