/**
 * testbed/agents: the TypeScript testbed agents (spec §4, §5.7, §6), each run by supervisord as
 * `station agent testbed-<kind> --namespace N --data-dir D <bus flags>`.
 *
 * ```ts
 * const runtime = createTestbedAgentRuntime({ agentType: 'DATA', namespace: 'torre1', bus, store });
 * createDataAgent(runtime);          // subscribe first …
 * await runtime.start();             // … then connect: READY heartbeat once every subscription is confirmed
 * await runtime.shutdown();          // EXITED heartbeat, bus closed
 * ```
 * - `createWorkflowRunner` (DAQ_Simulator): run_workflow / stop_workflow / status_request on
 *   `workflowControlQueue(namespace)`; the stf_datataking timeline in realtime or on a virtual clock.
 * - `createDataAgent` (DATA): stf_gen → STF row → stf_ready (with execution_id) → processed.
 * - `createFastProcessingAgent` (Fast_Processing): run_imminent_worker, slices, end_run to PanDA topics.
 * - `createProcessingAgent` (STF_Processing): stf_ready → processing_complete.
 * - `TESTBED_AGENT_KINDS` / `startTestbedAgent`: the `station agent testbed-*` entries.
 */
export { createTestbedAgentRuntime, type LogContext, type TestbedAgentRuntime, type TestbedAgentRuntimeOptions } from './runtime.js';
export { createWorkflowRunner, KNOWN_WORKFLOWS, type CurrentExecution, type WorkflowRunner, type WorkflowRunnerOptions } from './workflow-runner.js';
export { createDataAgent, DATA_AGENT_TYPE } from './data-agent.js';
export {
  createFastProcessingAgent, FAST_PROCESSING_AGENT_TYPE, FAST_PROCESSING_DEFAULTS, QUEUE_PANDA_RESULTS, TOPIC_PANDA_SLICES, TOPIC_PANDA_WORKERS,
  type FastProcessingSettings,
} from './fast-processing-agent.js';
export { createProcessingAgent, PROCESSING_AGENT_TYPE, QUEUE_MONITORING_AGENT, type ProcessingAgentOptions } from './processing-agent.js';
export { runStfDatataking, stfFilename, type DatatakingContext, type DatatakingOutcome } from './stf-datataking.js';
export { RealtimeClock, VirtualClock, type SimClock } from './sim-clock.js';
export { sliceSample, type TfSlice } from './slicing.js';
export { WORKFLOW_RUNNER_AGENT_TYPE, TESTBED_AGENT_KINDS, isTestbedAgentKind, startTestbedAgent, type TestbedAgentCliFlags, type TestbedAgentKind } from './cli-options.js';
export type { TestbedAgentStore, TestbedAgentTables } from './store-port.js';
