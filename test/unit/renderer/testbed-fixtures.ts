/** Testbed view data with sensible defaults for the renderer tests. */
import type { TestbedMessageView, TestbedProgramView, TestbedStatusView } from '../../../shared/testbed.js';

export const EXECUTION = 'stf_datataking-alice-0001';

/** A recorded message of the followed execution, `receivedAt` 10 ms per id. */
export function message(id: number, msgType: string, patch: Partial<TestbedMessageView> = {}, body: Record<string, unknown> = {}): TestbedMessageView {
  return {
    id,
    receivedAt: 1_700_000_000_000 + id * 10,
    destination: '/topic/epictopic',
    msgType,
    sender: 'daq_simulator-agent-alice-1',
    namespace: 'alice',
    runId: '100010',
    executionId: EXECUTION,
    body: { msg_type: msgType, ...body },
    ...patch,
  };
}

/** A full 3-STF run: run_imminent, start_run, 3 × (stf_gen, stf_ready), end_run. */
export function fullRun(stfs = 3): TestbedMessageView[] {
  const messages = [message(1, 'run_imminent', {}, { state: 'beam', substate: 'not_ready' }), message(2, 'start_run', {}, { state: 'run', substate: 'physics' })];
  for (let k = 1; k <= stfs; k += 1) {
    const filename = `swf.100010.${String(k).padStart(6, '0')}.stf`;
    messages.push(message(messages.length + 1, 'stf_gen', {}, { filename, sequence: k, state: 'run', substate: 'physics' }));
    messages.push(message(messages.length + 1, 'stf_ready', { sender: 'data-agent-alice-2' }, { filename, sequence: k, state: 'run', substate: 'physics' }));
  }
  messages.push(message(messages.length + 1, 'end_run', {}, { total_stf_files: stfs }));
  return messages;
}

export function program(name: string, state = 'RUNNING', patch: Partial<TestbedProgramView> = {}): TestbedProgramView {
  return { name, state, pid: state === 'RUNNING' ? 4242 : null, uptimeS: state === 'RUNNING' ? 12 : null, exitStatus: state === 'RUNNING' ? null : 0, description: '', ...patch };
}

export function status(patch: Partial<TestbedStatusView> = {}): TestbedStatusView {
  return {
    at: 1,
    supervisor: { installed: true, running: true, message: null, installHint: null },
    programs: [program('workflow-runner'), program('example-data-agent', 'EXITED', { exitStatus: 1 })],
    agents: [],
    running: [],
    bus: { description: 'wamp ws://127.0.0.1:8001/ws (test_realm)', state: 'connected' },
    error: null,
    ...patch,
  };
}
