/** The agent manager as its heartbeats show it (upstream swf_check_agent_manager: alive = ≤ 5 min and not EXITED). */
import type { McpBackend } from './ports.js';

/** Upstream's instance name of a user's agent manager (§5.6). */
export function agentManagerName(user: string): string {
  return `agent-manager-${user}`;
}

export interface AgentManagerView {
  username: string;
  instance_name: string;
  /** Heartbeat ≤ 5 min old and not reported EXITED. */
  alive: boolean;
  /** healthy | unhealthy | exited | missing, as upstream's system state. */
  state: 'healthy' | 'unhealthy' | 'exited' | 'missing';
  namespace: string | null;
  last_heartbeat: number | null;
  heartbeat_age_s: number | null;
  description: string | null;
  control_queue: string;
}

/** The user's agent manager from the store's heartbeats. */
export function describeAgentManager(backend: McpBackend): AgentManagerView {
  const name = agentManagerName(backend.user);
  const now = (backend.now ?? Date.now)();
  const agent = backend.store.getAgent(name, now);
  const base = { username: backend.user, instance_name: name, control_queue: backend.controlQueue };
  if (!agent) return { ...base, alive: false, state: 'missing', namespace: null, last_heartbeat: null, heartbeat_age_s: null, description: null };
  const state = agent.reportedStatus === 'EXITED' ? 'exited' : agent.healthy && agent.reportedStatus === 'OK' ? 'healthy' : agent.healthy ? 'unhealthy' : 'exited';
  return {
    ...base,
    alive: agent.healthy,
    state,
    namespace: agent.namespace,
    last_heartbeat: agent.lastHeartbeat,
    heartbeat_age_s: Math.round(agent.ageMs / 1000),
    description: agent.description,
  };
}
