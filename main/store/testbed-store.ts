/**
 * `store.testbed`: the testbed tables behind one object, assembled from one module per table group.
 * Several processes (agents under supervisord, the station, the CLI) open the same file: every write
 * is a single statement or an IMMEDIATE transaction, and the counters are bumped atomically (see
 * testbed-counters.ts), so concurrent writers never hand out the same id or lose a row.
 */
import type Database from 'better-sqlite3';
import type { ChangeEvents } from './change-events.js';
import { fastmonTfFiles } from './fastmon-tf-files.js';
import { testbedAgents } from './testbed-agents.js';
import { testbedCounters } from './testbed-counters.js';
import { testbedExecutions } from './testbed-executions.js';
import { testbedMessages } from './testbed-messages.js';
import { testbedStfFiles } from './testbed-stf-files.js';
import type { TestbedStore } from './testbed-types.js';

export * from './testbed-types.js';

/** `clock` gives Unix ms (default Date.now): the time of STF registrations and the default `now` of liveness. */
export function createTestbedStore(db: Database.Database, events: ChangeEvents, clock: () => number = Date.now): TestbedStore {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  return {
    ...testbedCounters(db),
    ...testbedExecutions(db, events),
    ...testbedStfFiles(db, clock),
    ...testbedMessages(db, events),
    ...testbedAgents(db, events, clock),
    ...fastmonTfFiles(db, events, clock),
    dataVersion: () => dataVersion.get() as number,
  };
}
