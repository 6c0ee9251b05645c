/**
 * The station store: one SQLite file (`<dir>/station.sqlite`, WAL) holding run history, script
 * output and the data-file index. Later features add tables through migrations, not new stores.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createAlarmStore, type AlarmStore } from './alarms-store.js';
import { createApiKeyStore, type ApiKeyStore } from './api-keys.js';
import { createAuditLog, type AuditLog } from './audit-log.js';
import { ChangeEvents, type StoreChangeListener } from './change-events.js';
import { DataFileStore } from './data-file-store.js';
import { migrate } from './migrations.js';
import { OpHistoryStore } from './op-history.js';
import { ScriptRunStore, type ScriptRunStoreOptions } from './script-run-store.js';
import { createTestbedStore } from './testbed-store.js';
import type { TestbedStore } from './testbed-types.js';

export type { AlarmStore } from './alarms-store.js';
export type { ApiKeyRecord, ApiKeyStore, ApiKeyVerdict, CreatedApiKey } from './api-keys.js';
export type { AuditLog, AuditQuery, NewAuditEntry } from './audit-log.js';
export { defaultDataDir } from './data-dir.js';
export { DataFileStore, InvalidDataFileError, type DataFileQuery, type NewDataFileRecord } from './data-file-store.js';
export { ScriptRunStore, type ScriptRunStart, type ScriptRunEnd } from './script-run-store.js';
export type { StoreChange, StoreChangeListener, TestbedStoreChange } from './change-events.js';
export * from './testbed-types.js';
export { LATEST_SCHEMA_VERSION } from './migrations.js';
export { OpHistoryStore, type NewOpChange, type OpSessionInfo, type OpTimelineQuery } from './op-history.js';

/** The store file's name inside the data directory. */
export const STORE_FILE_NAME = 'station.sqlite';

export interface StationStore {
  /** The SQLite file. */
  readonly path: string;
  readonly scriptRuns: ScriptRunStore;
  readonly dataFiles: DataFileStore;
  /** The testbed's executions, runs, STF files, messages, agent heartbeats and logs (Unix ms). */
  readonly testbed: TestbedStore;
  /** API keys of headless HTTP clients (the SSE message stream); only their hashes are stored. */
  readonly apiKeys: ApiKeyStore;
  /** Alarm rule settings, active alarms and their history (Unix ms). */
  readonly alarms: AlarmStore;
  /** The operation monitor's op-code changes of every agent's operations (Unix seconds). */
  readonly opHistory: OpHistoryStore;
  /** The audit log of user actions (append-only, Unix ms). */
  readonly audit: AuditLog;
  /** Change events for the UI pushes: run started/ended, output lines, data files. Returns unsubscribe. */
  onChange(listener: StoreChangeListener): () => void;
  /** Commits queued output and closes the file. Safe to call twice. */
  close(): void;
}

export interface StationStoreOptions extends Partial<Omit<ScriptRunStoreOptions, 'onError'>> {
  /** Background write failures and throwing listeners land here. Default: one line on stderr. */
  onError?: (error: unknown) => void;
  /** The testbed tables' clock (Unix ms). Default Date.now. */
  clock?: () => number;
}

/**
 * Opens (creating `dir` and the file if missing) and migrates the station store. Throws with the file
 * name when it cannot be opened, is not a database, or was written by a newer station.
 */
export function openStationStore(dir: string, options: StationStoreOptions = {}): StationStore {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, STORE_FILE_NAME);
  const onError = options.onError ?? ((error: unknown) => process.stderr.write(`station store ${path}: ${(error as Error)?.message ?? String(error)}\n`));
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw new Error(`cannot open the station store ${path}: ${(error as Error).message}`);
  }
  try {
    configure(db, path);
    migrate(db, path);
    const events = new ChangeEvents(onError);
    const scriptRuns = new ScriptRunStore(db, events, { ...options, onError });
    scriptRuns.closeAbandonedRuns();
    const dataFiles = new DataFileStore(db, events);
    const testbed = createTestbedStore(db, events, options.clock);
    const apiKeys = createApiKeyStore(db);
    const alarms = createAlarmStore(db, options.clock);
    const opHistory = new OpHistoryStore(db);
    const audit = createAuditLog(db);
    let closed = false;
    return {
      path,
      scriptRuns,
      dataFiles,
      testbed,
      apiKeys,
      alarms,
      opHistory,
      audit,
      onChange: (listener) => events.subscribe(listener),
      close() {
        if (closed) return;
        closed = true;
        scriptRuns.close();
        db.close();
      },
    };
  } catch (error) {
    db.close();
    const message = (error as Error).message;
    throw new Error(message.includes(path) ? message : `cannot open the station store ${path}: ${message}`);
  }
}

function configure(db: Database.Database, path: string): void {
  // Other processes (station agents, the CLI) may use the same file: wait for their locks. Set first,
  // so even switching a brand-new file to WAL waits for a process creating it at the same moment.
  db.pragma('busy_timeout = 5000');
  const mode = switchToWal(db);
  // WAL is what lets the UI read while a run writes; some filesystems (e.g. network mounts) refuse it.
  if (mode !== 'wal') throw new Error(`the station store ${path} cannot use WAL journaling (got "${String(mode)}")`);
  // NORMAL in WAL mode: a commit is in the WAL file (the OS page cache) before it returns, so a killed
  // (kill -9) process loses nothing committed; only an OS crash or power cut can roll back the last
  // commits, never corrupt the file. FULL would add an fsync per output batch for that case alone.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

/**
 * `PRAGMA journal_mode = WAL`, retried while another process holds the fresh file: SQLite can report
 * SQLITE_BUSY for the mode switch without consulting the busy timeout (seen with 3–4 processes opening
 * a brand-new store at once), so this waits up to 5 s itself.
 */
function switchToWal(db: Database.Database): unknown {
  const deadline = Date.now() + 5000;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return db.pragma('journal_mode = WAL', { simple: true });
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}
