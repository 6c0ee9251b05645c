/** Waiting for started agents to be usable: supervisord says RUNNING and each has heartbeated from its bus. */
import type { ProgramStatus } from '../supervisor/index.js';
import type { TestbedRecords } from './store-port.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `intervalMs` until it returns true or `timeoutMs` passes; resolves with the last answer. */
export async function pollUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/**
 * True once every program in `programs` has a heartbeat from its own pid with the bus connected. The
 * agent heartbeats at start after connecting; on the embedded router (no queue retention) the runner
 * must be subscribed before run_workflow is sent, so the orchestrator waits for this.
 */
export function heartbeatsFromAll(records: TestbedRecords, programs: readonly ProgramStatus[], namespace: string): boolean {
  const agents = records.listAgents({ namespace, includeExited: false });
  return programs.every((program) => program.pid !== null && agents.some((agent) => agent.pid === program.pid && agent.mqConnected));
}
