/** Seeds a station store through its testbed API with one finished and one running execution of torre1, and one of torre2. */
import type { TestbedStore } from '../../../main/store/index.js';

export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

export interface Seeded {
  finished: string;
  running: string;
  other: string;
}

/** 3 executions, 2 runs, 5 STF files, 9 messages (+1 duplicate refused), 3 log lines. */
export function seedTestbed(tb: TestbedStore): Seeded {
  const finished = tb.nextExecutionId('stf_datataking', 'alice');
  const running = tb.nextExecutionId('stf_datataking', 'alice');
  const other = tb.nextExecutionId('stf_datataking', 'bob');
  tb.createExecution({ executionId: finished, workflowName: 'stf_datataking', namespace: 'torre1', configName: 'fast_processing_default', params: { stf_count: 3 }, executedBy: 'alice', startedAt: T0 });
  tb.createExecution({ executionId: running, workflowName: 'stf_datataking', namespace: 'torre1', configName: 'fast_processing_default', params: {}, executedBy: 'alice', startedAt: T0 + 60_000 });
  tb.createExecution({ executionId: other, workflowName: 'stf_datataking', namespace: 'torre2', configName: '', params: {}, executedBy: 'bob', startedAt: T0 + 120_000 });
  tb.finishExecution(other, 'terminated', T0 + 130_000);

  const run1 = tb.nextRunNumber();
  const run2 = tb.nextRunNumber();
  tb.createRun({ runNumber: run1, executionId: finished, namespace: 'torre1', startedAt: T0 + 5_000 });
  tb.createRun({ runNumber: run2, executionId: running, namespace: 'torre1', startedAt: T0 + 65_000 });
  const message = (body: Record<string, unknown>, at: number, messageId: string) =>
    tb.recordMessage({ messageId, destination: '/topic/epictopic', body: { namespace: 'torre1', execution_id: finished, run_id: String(run1), ...body }, receivedAt: at });
  message({ msg_type: 'run_imminent', sender: 'workflow-runner-agent-alice-1', state: 'beam', substate: 'not_ready' }, T0 + 5_000, 'm1');
  message({ msg_type: 'start_run', sender: 'workflow-runner-agent-alice-1', state: 'run', substate: 'physics' }, T0 + 13_100, 'm2');
  for (let seq = 1; seq <= 3; seq++) {
    const filename = `swf.${run1}.${String(seq).padStart(6, '0')}.stf`;
    message({ msg_type: 'stf_gen', sender: 'workflow-runner-agent-alice-1', filename, sequence: seq }, T0 + 14_200 + seq * 2_200, `g${seq}`);
    tb.addStfFile({ filename, runNumber: run1, executionId: finished, sequence: seq, state: 'run', substate: 'physics', sizeBytes: 1000 * seq, createdBy: 'data-agent-alice-2' });
    tb.markStfProcessed(filename, 'data-agent-alice-2');
    message({ msg_type: 'stf_ready', sender: 'data-agent-alice-2', filename, sequence: seq }, T0 + 14_300 + seq * 2_200, `r${seq}`);
  }
  message({ msg_type: 'end_run', sender: 'workflow-runner-agent-alice-1', total_stf_files: 3 }, T0 + 25_000, 'm3');
  // A broker redelivery: same id on the same destination, not recorded twice.
  message({ msg_type: 'end_run', sender: 'workflow-runner-agent-alice-1', total_stf_files: 3 }, T0 + 25_001, 'm3');
  tb.endRun(run1, { endedAt: T0 + 25_000, totalStfFiles: 3 });
  tb.finishExecution(finished, 'completed', T0 + 31_000);
  for (let seq = 1; seq <= 2; seq++) {
    tb.addStfFile({ filename: `swf.${run2}.${String(seq).padStart(6, '0')}.stf`, runNumber: run2, executionId: running, sequence: seq, state: 'run', substate: 'physics', createdBy: 'data-agent-alice-2' });
  }
  tb.appendLog({ instanceName: 'workflow-runner-agent-alice-1', level: 'INFO', message: 'workflow started', executionId: finished, at: T0 });
  tb.appendLog({ instanceName: 'data-agent-alice-2', level: 'INFO', message: 'registered swf file', executionId: finished, at: T0 + 15_000 });
  tb.appendLog({ instanceName: 'workflow-runner-agent-alice-1', level: 'ERROR', message: 'simulated failure', executionId: running, at: T0 + 70_000 });
  return { finished, running, other };
}
