import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, userVersion } from '../../../../main/store/migrations.js';
import { openStationStore, STORE_FILE_NAME } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('testbed migration', () => {
  it('upgrades a store written by the previous version (schema 1), keeping its rows', () => {
    const dir = dirs.make();
    const file = join(dir, STORE_FILE_NAME);
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    expect(migrate(old, file, MIGRATIONS.slice(0, 1))).toEqual([1]);
    old.prepare(
      `INSERT INTO data_files (path, type, format, action, action_ts, plot, pub_id, timestamp, received_at, source)
       VALUES ('/data/a.txt', 'tune', 'txt', NULL, NULL, 0, 'crate1slot2', 1, 2, 'data_file')`,
    ).run();
    old.close();

    const store = openStationStore(dir);
    expect(store.dataFiles.list().map((f) => f.path)).toEqual(['/data/a.txt']);
    expect(store.testbed.nextRunNumber()).toBe(100010);
    expect(store.testbed.nextAgentId()).toBe(1);
    store.testbed.createExecution({ executionId: 'w-u-0001', workflowName: 'w', namespace: 'n', configName: '', params: {}, executedBy: 'u', startedAt: Date.now() });
    expect(store.testbed.countExecutions()).toBe(1);
    store.close();

    const db = new Database(file, { readonly: true });
    expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('is version 2 and seeds the three counters', () => {
    expect(MIGRATIONS[1]).toMatchObject({ version: 2 });
    const dir = dirs.make();
    openStationStore(dir).close();
    const db = new Database(join(dir, STORE_FILE_NAME), { readonly: true });
    expect(db.prepare('SELECT name, value FROM testbed_counters ORDER BY name').all()).toEqual([
      { name: 'agent_id', value: 0 }, { name: 'execution_id', value: 0 }, { name: 'run_number', value: 100009 },
    ]);
    db.close();
  });
});
