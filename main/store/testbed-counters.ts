/** The testbed's global counters (agent ids, execution sequence, run numbers), one row each in `testbed_counters`. */
import type Database from 'better-sqlite3';
import type { TestbedCounter } from './testbed-migration.js';
import type { TestbedStore } from './testbed-types.js';
import { requireText } from './testbed-checks.js';

export function testbedCounters(db: Database.Database): Pick<TestbedStore, 'nextAgentId' | 'nextExecutionId' | 'nextRunNumber'> {
  // One statement: SQLite takes the write lock for it, so concurrent processes never get the same value.
  const bump = db.prepare<[TestbedCounter], { value: number }>('UPDATE testbed_counters SET value = value + 1 WHERE name = ? RETURNING value');
  const next = (name: TestbedCounter): number => {
    const row = bump.get(name);
    if (!row) throw new Error(`station store: testbed counter "${name}" is missing`);
    return row.value;
  };
  return {
    nextAgentId: () => next('agent_id'),
    nextRunNumber: () => next('run_number'),
    nextExecutionId(workflowName, user) {
      requireText('execution id', 'workflowName', workflowName);
      requireText('execution id', 'user', user);
      return `${workflowName}-${user}-${String(next('execution_id')).padStart(4, '0')}`;
    },
  };
}
