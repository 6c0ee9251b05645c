/**
 * The testbed orchestrator (spec §5.1, §5.4): `run` / `stopWorkflow` / `stopAgents` / `status` and per-agent
 * control on the station's supervisord, with the programs each testbed config needs. MessageRecorder
 * (re-exported from ../recorder) records the bus traffic in the store.
 */
export { TestbedOrchestrator, describeBus, type TestbedOrchestratorOptions, type TestbedRunOutcome } from './orchestrator.js';
export { TestbedRefusal, pythonList } from './errors.js';
export { AGENT_COMMANDS, DEFAULT_STATION_BIN, KNOWN_PROGRAMS, WORKFLOW_RUNNER_COMMAND, fastmonArguments, programsFor, type ProgramContext, type ProgramSpec } from './programs.js';
export { checkConfig, type CheckedConfig } from './config-source.js';
export { formatStatus, type TestbedStatus } from './status.js';
export type { TestbedRecords } from './store-port.js';
export { MessageRecorder, RECORDED_TOPICS, type MessageRecorderOptions, type RecorderStats } from '../recorder/index.js';
