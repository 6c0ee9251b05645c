import { TOPIC_EPIC, type StfGenMessage, type StfReadyMessage } from '../messages.js';
import type { TestbedAgentRuntime } from './runtime.js';

/** Upstream agent type of the example data agent (spec §6.1); its name reads `data-agent-<user>-<id>`. */
export const DATA_AGENT_TYPE = 'DATA';

/**
 * The example data agent (spec §6.1): on `stf_gen` it registers the STF in the store, sends the
 * per-file `stf_ready` on /topic/epictopic and marks the file processed. Improvement over upstream
 * (spec §9): `stf_ready` carries the `execution_id` of its `stf_gen`; no 0.1 s sleep before it.
 */
export function createDataAgent(runtime: TestbedAgentRuntime): void {
  const tables = runtime.store.testbed;

  const onStfGen = async (gen: StfGenMessage) => {
    const executionId = typeof gen.execution_id === 'string' ? gen.execution_id : null;
    const context = { executionId, runId: gen.run_id };
    if (typeof gen.filename !== 'string' || !gen.filename || !gen.run_id) {
      return runtime.log('WARNING', `stf_gen without filename or run_id ignored: ${JSON.stringify(gen).slice(0, 200)}`, context);
    }
    // A redelivered stf_gen: the STF is registered already, so nothing is sent twice.
    if (tables.getStfFile(gen.filename)) return runtime.log('WARNING', `STF ${gen.filename} announced again: ignored`, context);
    try {
      tables.addStfFile({
        filename: gen.filename,
        runNumber: Number(gen.run_id),
        executionId,
        sequence: Number(gen.sequence),
        state: gen.state ?? 'run',
        substate: gen.substate ?? null,
        sizeBytes: null,
        createdBy: runtime.agentName,
      });
    } catch (error) {
      return runtime.log('ERROR', `STF ${gen.filename} not registered: ${(error as Error).message}`, context);
    }
    const ready: StfReadyMessage = {
      msg_type: 'stf_ready',
      filename: gen.filename,
      run_id: gen.run_id,
      execution_id: executionId,
      file_url: null,
      checksum: null,
      size_bytes: null,
      start: null,
      end: null,
      state: gen.state ?? 'run',
      substate: gen.substate ?? null,
      sequence: gen.sequence,
      simulation_tick: gen.simulation_tick,
      processed_by: runtime.agentName,
    };
    await runtime.send(TOPIC_EPIC, ready);
    tables.markStfProcessed(gen.filename, runtime.agentName);
  };

  runtime.subscribe(TOPIC_EPIC, (message) => {
    switch (message.msg_type) {
      case 'stf_gen':
        return onStfGen(message as StfGenMessage);
      case 'run_imminent':
        return runtime.log('INFO', `run ${String(message.run_id)} imminent`, { executionId: message.execution_id as string, runId: message.run_id as string });
      case 'start_run':
        return runtime.setOperationalState('PROCESSING');
      case 'end_run':
        runtime.log('INFO', `run ${String(message.run_id)} ended: ${String(message.total_stf_files)} STF files`, { executionId: message.execution_id as string, runId: message.run_id as string });
        return runtime.setOperationalState('READY');
      default:
        return;
    }
  });
}
