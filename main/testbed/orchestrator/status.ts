/** What `station testbed status` and the Testbed view show. */
import type { ProgramStatus } from '../supervisor/index.js';
import type { TestbedRecords } from './store-port.js';

type Agent = ReturnType<TestbedRecords['listAgents']>[number];
type Execution = ReturnType<TestbedRecords['listExecutions']>[number];

export interface TestbedStatus {
  supervisordInstalled: boolean;
  supervisordRunning: boolean;
  /** Set when supervisord is missing: the install hint. */
  supervisordMessage: string | null;
  /** supervisord's programs (name, state, pid, uptime, exit status). */
  programs: ProgramStatus[];
  /** Agents from their heartbeats, EXITED ones left out (upstream `status`). */
  agents: Agent[];
  /** Executions with status running. */
  executions: Execution[];
}

/** Upstream's text form (§5.1): supervisorctl-like program lines, then the workflow status. */
export function formatStatus(status: TestbedStatus): string {
  const lines: string[] = [];
  if (!status.supervisordInstalled) lines.push(status.supervisordMessage ?? 'supervisord is not installed');
  else if (!status.supervisordRunning) lines.push('supervisord: not running (no agents started)');
  else {
    lines.push('supervisord: running');
    for (const p of status.programs) lines.push(`  ${p.name.padEnd(28)} ${p.state.padEnd(9)} ${p.description}`);
  }
  lines.push('Running workflows:');
  if (status.executions.length === 0) lines.push('  none');
  for (const e of status.executions) lines.push(`  ${e.executionId} (${e.namespace}, started ${new Date(e.startedAt).toISOString()})`);
  lines.push('Agents:');
  if (status.agents.length === 0) lines.push('  none');
  for (const a of status.agents.slice(0, 10)) lines.push(`  ${a.instanceName}: ${a.status} ${a.operationalState} (${a.agentType})`);
  return lines.join('\n');
}
