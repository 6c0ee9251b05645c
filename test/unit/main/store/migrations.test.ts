import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, userVersion } from '../../../../main/store/migrations.js';
import { openStationStore, STORE_FILE_NAME } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);

describe('openStationStore', () => {
  it('creates the directory and a WAL database at the latest schema version', () => {
    const dir = join(dirs.make(), 'nested', 'data');
    const store = openStationStore(dir);
    expect(store.path).toBe(join(dir, STORE_FILE_NAME));
    store.close();
    const db = new Database(store.path, { readonly: true });
    expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tables(db)).toEqual([
      'alarm_events', 'alarm_rules', 'api_keys', 'audit_log', 'data_files', 'fastmon_seen_files', 'fastmon_tf_files', 'op_history', 'op_history_keys', 'script_output', 'script_runs',
      'testbed_agents', 'testbed_counters', 'testbed_executions', 'testbed_logs', 'testbed_messages', 'testbed_runs', 'testbed_stf_files',
    ]);
    db.close();
  });

  it('re-opens an existing store without migrating again and keeps its rows', () => {
    const dir = dirs.make();
    const first = openStationStore(dir);
    first.dataFiles.add({ path: '/data/a.txt', type: 'tune', format: 'txt', action: null, actionTs: null, plot: false, pubId: 'crate1slot2', timestamp: 1, receivedAt: 2, source: 'data_file' });
    first.close();
    first.close(); // closing twice is harmless
    const second = openStationStore(dir);
    expect(second.dataFiles.list().map((file) => file.path)).toEqual(['/data/a.txt']);
    second.close();
  });

  it('refuses a store written by a newer station, naming the file and both versions', () => {
    const dir = dirs.make();
    openStationStore(dir).close();
    const db = new Database(join(dir, STORE_FILE_NAME));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    db.close();
    expect(() => openStationStore(dir)).toThrow(
      new RegExp(`${STORE_FILE_NAME} has schema version ${LATEST_SCHEMA_VERSION + 3}, newer than this Control Station supports \\(${LATEST_SCHEMA_VERSION}\\)`),
    );
  });

  it('refuses a file that is not a database, naming it', () => {
    const dir = dirs.make();
    writeFileSync(join(dir, STORE_FILE_NAME), 'this is not sqlite'.repeat(100));
    expect(() => openStationStore(dir)).toThrow(/cannot open the station store .*station\.sqlite: file is not a database/);
  });
});

describe('migrate', () => {
  it('runs the migrations in order from an empty file and is idempotent', () => {
    const file = join(dirs.make(), 'm.sqlite');
    const db = new Database(file);
    expect(migrate(db, file)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, file)).toEqual([]);
    expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('applies only the migrations a file lacks (a later feature adding a table)', () => {
    const file = join(dirs.make(), 'm.sqlite');
    const db = new Database(file);
    migrate(db, file);
    const extended = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, name: 'notes', sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);' }];
    expect(migrate(db, file, extended)).toEqual([LATEST_SCHEMA_VERSION + 1]);
    expect(tables(db)).toContain('notes');
    db.close();
  });

  it('rolls a failing migration back entirely: no half-made tables, version unchanged', () => {
    const file = join(dirs.make(), 'm.sqlite');
    const db = new Database(file);
    migrate(db, file);
    const broken = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); CREATE TABLE oops (' }];
    expect(() => migrate(db, file, broken)).toThrow();
    expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('rejects a migration list out of order', () => {
    const file = join(dirs.make(), 'm.sqlite');
    const db = new Database(file);
    expect(() => migrate(db, file, [{ version: 2, name: 'skips one', sql: '' }])).toThrow(/has version 2, expected 1/);
    expect(existsSync(file)).toBe(true);
    db.close();
  });
});
