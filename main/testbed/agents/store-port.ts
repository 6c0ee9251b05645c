/**
 * The part of the station store (`store.testbed`, main/store/testbed-store.ts) the testbed agents use:
 * a narrow seam, so the agents name what they touch. A `StationStore` satisfies {@link TestbedAgentStore}.
 */
import type { TestbedStore } from '../../store/testbed-types.js';

export type { AgentStatus as HeartbeatStatus, LogLevel, OperationalState } from '../../store/testbed-types.js';

/** The testbed tables the agents write: ids, executions, runs, STF files, heartbeats, logs, fastmon TF files. */
export type TestbedAgentTables = Pick<
  TestbedStore,
  | 'nextAgentId' | 'nextExecutionId' | 'nextRunNumber' | 'createExecution' | 'finishExecution' | 'getExecution'
  | 'createRun' | 'endRun' | 'addStfFile' | 'getStfFile' | 'markStfProcessed' | 'recordHeartbeat' | 'appendLog'
  // fastmon: TF subsamples and the continuous-mode ledger.
  | 'recordStfSample' | 'markFileSeen' | 'wasFileSeen'
>;

/** What an agent needs from the station store. */
export interface TestbedAgentStore {
  readonly testbed: TestbedAgentTables;
}
