/** How an agent's last heartbeat reads at a given time (§4.4 windows: stale 3 min, alive 2 min, healthy 5 min). */
import { ALIVE_WITHIN_MS, HEALTHY_WITHIN_MS, STALE_AFTER_MS, type AgentStatus, type OperationalState } from './testbed-types.js';

export interface Liveness {
  status: AgentStatus;
  operationalState: OperationalState;
  ageMs: number;
  stale: boolean;
  alive: boolean;
  healthy: boolean;
}

/**
 * Applied when read, never written back: a stale agent shows EXITED/EXITED (upstream's mark_stale) and
 * its row keeps what it reported, so a late heartbeat simply brings it back. A heartbeat from the
 * future (clock skew between processes) counts as age 0.
 */
export function liveness(reported: { status: AgentStatus; operationalState: OperationalState; lastHeartbeat: number }, now: number): Liveness {
  const ageMs = Math.max(0, now - reported.lastHeartbeat);
  const stale = ageMs > STALE_AFTER_MS;
  const exited = reported.status === 'EXITED';
  return {
    status: stale ? 'EXITED' : reported.status,
    operationalState: stale ? 'EXITED' : reported.operationalState,
    ageMs,
    stale,
    alive: !exited && ageMs <= ALIVE_WITHIN_MS,
    healthy: !exited && ageMs <= HEALTHY_WITHIN_MS,
  };
}
