/**
 * What the MCP tools need from the rest of the station, as narrow structural interfaces: the testbed
 * store (A), the orchestrator (C) and the agent-manager command channel. The real objects satisfy them
 * as they are; tests can hand in the real pieces too (no mocks needed for the shape).
 */
import type { TestbedStore } from '../store/testbed-types.js';
import type { TestbedOrchestrator } from '../testbed/orchestrator/index.js';
import type { ActionAudit } from '../station/audited-action.js';

/** The part of `store.testbed` (contract A) the tools use. */
export type TestbedStoreReader = Pick<
  TestbedStore,
  | 'getExecution' | 'listExecutions' | 'countExecutions' | 'listRuns' | 'countRuns' | 'listStfFiles' | 'countStfFiles'
  | 'listMessages' | 'countMessages' | 'listLogs' | 'countLogs' | 'getAgent' | 'listAgents'
>;

/** The orchestrator operations behind the workflow tools (contract C). */
export type OrchestratorPort = Pick<TestbedOrchestrator, 'run' | 'stopWorkflow' | 'status'>;

/** A reply of the agent manager (`agent_manager_result`, `agent_manager_status`, `agent_manager_pong`). */
export type AgentManagerReplyBody = Record<string, unknown>;

/** Sends one command to the user's agent manager and waits for its reply. */
export interface AgentManagerChannel {
  /** Rejects with a clear message when the bus is unreachable or no reply came within the timeout. */
  command(command: 'start_testbed' | 'stop_testbed' | 'status' | 'ping', fields?: Record<string, unknown>): Promise<AgentManagerReplyBody>;
}

/** Everything the MCP server is built from. */
export interface McpBackend {
  /** The OS user whose testbed this is (agent manager `agent-manager-<user>`, queue `agent_control.<user>`). */
  user: string;
  store: TestbedStoreReader;
  orchestrator: OrchestratorPort;
  agentManager: AgentManagerChannel;
  /** Shown by check_agent_manager / status so a client knows where commands go. */
  controlQueue: string;
  /** Where the tools that act (start/stop) are recorded; left out, nothing is. */
  audit?: ActionAudit;
  /** Clock for the liveness windows (tests). Default Date.now. */
  now?: () => number;
}
