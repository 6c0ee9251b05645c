import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore, STORE_FILE_NAME } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('testbed counters', () => {
  it('start at agent 1, execution 0001 and run 100010, and count up', () => {
    const store = openStationStore(dirs.make());
    expect([store.testbed.nextAgentId(), store.testbed.nextAgentId()]).toEqual([1, 2]);
    expect(store.testbed.nextExecutionId('stf_datataking', 'alice')).toBe('stf_datataking-alice-0001');
    expect(store.testbed.nextExecutionId('fast_processing', 'bob')).toBe('fast_processing-bob-0002');
    expect([store.testbed.nextRunNumber(), store.testbed.nextRunNumber()]).toEqual([100010, 100011]);
    store.close();
  });

  it('survive reopening the file (a global counter, never reset)', () => {
    const dir = dirs.make();
    const first = openStationStore(dir);
    first.testbed.nextAgentId();
    first.testbed.nextRunNumber();
    first.close();
    const second = openStationStore(dir);
    expect(second.testbed.nextAgentId()).toBe(2);
    expect(second.testbed.nextRunNumber()).toBe(100011);
    second.close();
  });

  it('widen the execution sequence past 4 digits as Python :04d does', () => {
    const dir = dirs.make();
    openStationStore(dir).close();
    const db = new Database(join(dir, STORE_FILE_NAME));
    db.prepare("UPDATE testbed_counters SET value = 9999 WHERE name = 'execution_id'").run();
    db.close();
    const store = openStationStore(dir);
    expect(store.testbed.nextExecutionId('w', 'u')).toBe('w-u-10000');
    store.close();
  });

  it('refuse an empty workflow or user without using up a number', () => {
    const store = openStationStore(dirs.make());
    expect(() => store.testbed.nextExecutionId('', 'alice')).toThrow('execution id: "workflowName" must be a non-empty string');
    expect(() => store.testbed.nextExecutionId('w', '')).toThrow('execution id: "user" must be a non-empty string');
    expect(store.testbed.nextExecutionId('w', 'u')).toBe('w-u-0001');
    store.close();
  });
});
