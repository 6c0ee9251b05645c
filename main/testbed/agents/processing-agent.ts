import { TOPIC_EPIC, type StfReadyMessage } from '../messages.js';
import type { TestbedAgentRuntime } from './runtime.js';

/** Upstream agent type of the example processing agent (spec §6.3). */
export const PROCESSING_AGENT_TYPE = 'STF_Processing';
export const QUEUE_MONITORING_AGENT = '/queue/monitoring_agent';

export interface ProcessingAgentOptions {
  /** Simulated processing time per STF (upstream sleeps 0.5 s). */
  processingMs?: number;
}

/**
 * The example processing agent (spec §6.3): on `stf_ready` it "processes" the STF for `processingMs`
 * and sends `processing_complete` to /queue/monitoring_agent. Deviation: it listens on
 * /topic/epictopic, where stf_ready is sent (upstream subscribes /queue/processing_agent, which nothing
 * feeds); run_imminent heartbeats, start_run/end_run switch PROCESSING/READY.
 */
export function createProcessingAgent(runtime: TestbedAgentRuntime, options: ProcessingAgentOptions = {}): void {
  const processingMs = options.processingMs ?? 500;

  const onStfReady = async (ready: StfReadyMessage) => {
    if (!ready.filename) return;
    await new Promise((resolve) => setTimeout(resolve, processingMs));
    await runtime.send(QUEUE_MONITORING_AGENT, {
      msg_type: 'processing_complete',
      filename: ready.filename,
      run_id: ready.run_id,
      execution_id: ready.execution_id ?? null,
      input_file_url: ready.file_url ?? null,
      input_checksum: ready.checksum ?? null,
      input_size_bytes: ready.size_bytes ?? null,
      output_files: [`${ready.filename.replace(/\.stf$/, '')}.processed`],
      processing_time_ms: processingMs,
      simulation_tick: ready.simulation_tick,
      processed_by: runtime.agentName,
    });
  };

  runtime.subscribe(TOPIC_EPIC, (message) => {
    switch (message.msg_type) {
      case 'stf_ready':
        return onStfReady(message as StfReadyMessage);
      case 'run_imminent':
        return runtime.heartbeat();
      case 'start_run':
        return runtime.setOperationalState('PROCESSING');
      case 'end_run':
        return runtime.setOperationalState('READY');
      default:
        return;
    }
  });
}
