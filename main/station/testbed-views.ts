/** Store records and supervisord program states → the Testbed view's shapes (shared/testbed.ts): only what the view shows. */
import type { TestbedAgentView, TestbedExecutionView, TestbedMessageView, TestbedProgramView } from '../../shared/testbed.js';
import type { AgentHeartbeatRecord, ExecutionRecord, MessageRecord } from '../store/testbed-types.js';
import type { ProgramStatus } from '../testbed/supervisor/index.js';

export function messageView(record: MessageRecord): TestbedMessageView {
  const { id, receivedAt, destination, msgType, sender, namespace, runId, executionId, body } = record;
  return { id, receivedAt, destination, msgType, sender, namespace, runId, executionId, body };
}

export function executionView(record: ExecutionRecord): TestbedExecutionView {
  const { executionId, workflowName, namespace, configName, status, executedBy, startedAt, endedAt, params } = record;
  return { executionId, workflowName, namespace, configName, status, executedBy, startedAt, endedAt, params };
}

export function agentView(record: AgentHeartbeatRecord): TestbedAgentView {
  const { instanceName, agentType, status, operationalState, namespace, pid, hostname, lastHeartbeat, mqConnected } = record;
  return { instanceName, agentType, status, operationalState, namespace, pid, hostname, lastHeartbeat, mqConnected };
}

/** Uptime only while running, exit status only once it stopped: supervisord reports stale values otherwise. */
export function programView(status: ProgramStatus): TestbedProgramView {
  const active = status.state === 'RUNNING' || status.state === 'STARTING';
  return {
    name: status.name,
    state: status.state,
    pid: status.pid,
    uptimeS: status.state === 'RUNNING' ? status.uptimeSeconds : null,
    exitStatus: active ? null : status.exitStatus,
    description: status.spawnError ? `${status.description} (${status.spawnError})` : status.description,
  };
}
