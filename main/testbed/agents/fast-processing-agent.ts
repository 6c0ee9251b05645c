import { randomUUID } from 'node:crypto';
import { TOPIC_EPIC, type TestbedMessage, type TfFileRegisteredMessage } from '../messages.js';
import type { TestbedAgentRuntime } from './runtime.js';
import { sliceSample } from './slicing.js';

/** Upstream agent type (spec §6.4); the name reads `fast_processing-agent-<user>-<id>`. */
export const FAST_PROCESSING_AGENT_TYPE = 'Fast_Processing';
export const TOPIC_PANDA_SLICES = '/topic/panda.slices';
export const TOPIC_PANDA_WORKERS = '/topic/panda.workers';
export const QUEUE_PANDA_RESULTS = '/queue/panda.results.fastprocessing';

/** `[fast_processing]` values the agent forwards to the PanDA workers (defaults: fast_processing_default.toml). */
export interface FastProcessingSettings {
  /** TFs per slice (upstream `fast_processing.num_tf_per_slice`, default 2). */
  numTfPerSlice: number;
  targetWorkerCount: number;
  sliceProcessingTime: number;
  workerRampupTime: number;
  workerRampdownTime: number;
}

export const FAST_PROCESSING_DEFAULTS: FastProcessingSettings = Object.freeze({
  numTfPerSlice: 2, targetWorkerCount: 30, sliceProcessingTime: 30, workerRampupTime: 300, workerRampdownTime: 60,
});

/**
 * The fast-processing agent's message handling (spec §6.4): `run_imminent` → `run_imminent_worker` on
 * /topic/panda.workers; `tf_file_registered` → ceil(tf_count/num_tf_per_slice) `slice` messages on
 * /topic/panda.slices (0-based ids, `<sample>_slice_NNN.tf`); `end_run` → `end_run` on
 * /topic/panda.workers; `slice_result` on its results queue is logged. The monitor's REST bookkeeping
 * (run-states, tf-slices rows) is not reproduced.
 */
export function createFastProcessingAgent(runtime: TestbedAgentRuntime, settings: Partial<FastProcessingSettings> = {}): void {
  const s: FastProcessingSettings = { ...FAST_PROCESSING_DEFAULTS, ...settings };
  const createdAt = () => new Date().toISOString();
  const context = (m: TestbedMessage) => ({ executionId: typeof m.execution_id === 'string' ? m.execution_id : null, runId: typeof m.run_id === 'string' ? m.run_id : null });

  const onTfFile = async (tf: TfFileRegisteredMessage) => {
    let slices;
    try {
      slices = sliceSample({ tfFilename: String(tf.tf_filename), tfFirst: Number(tf.tf_first ?? 0), tfCount: Number(tf.tf_count) }, s.numTfPerSlice);
    } catch (error) {
      return runtime.log('WARNING', `tf_file_registered ${String(tf.tf_filename)} not sliced: ${(error as Error).message}`, context(tf));
    }
    for (const slice of slices) {
      await runtime.send(TOPIC_PANDA_SLICES, {
        msg_type: 'slice',
        run_id: tf.run_id,
        created_at: createdAt(),
        content: {
          run_id: tf.run_id, execution_id: tf.execution_id ?? null, req_id: randomUUID(), filename: tf.stf_filename,
          tf_filename: slice.tfFilename, slice_id: slice.sliceId, start: slice.tfFirst, end: slice.tfLast, tf_count: slice.tfCount,
          state: 'queued', substate: 'new',
        },
      });
    }
    runtime.log('DEBUG', `${String(tf.tf_filename)}: ${slices.length} slices queued`, context(tf));
  };

  runtime.subscribe(TOPIC_EPIC, async (message) => {
    switch (message.msg_type) {
      case 'run_imminent':
        await runtime.send(TOPIC_PANDA_WORKERS, {
          msg_type: 'run_imminent_worker',
          run_id: message.run_id,
          created_at: createdAt(),
          content: {
            ...message, execution_id: message.execution_id ?? null, core_count: s.targetWorkerCount, target_worker_count: s.targetWorkerCount,
            slice_processing_time: s.sliceProcessingTime, worker_rampup_time: s.workerRampupTime, worker_rampdown_time: s.workerRampdownTime,
          },
        });
        return;
      case 'start_run':
        return runtime.setOperationalState('PROCESSING');
      case 'tf_file_registered':
        return onTfFile(message as TfFileRegisteredMessage);
      case 'pause_run':
      case 'resume_run':
        return runtime.log('INFO', `run ${String(message.run_id)}: ${message.msg_type}`, context(message));
      case 'end_run':
        await runtime.send(TOPIC_PANDA_WORKERS, { msg_type: 'end_run', run_id: message.run_id, created_at: createdAt(), content: { ...message, execution_id: message.execution_id ?? null } });
        return runtime.setOperationalState('READY');
      default:
        return;
    }
  });
  runtime.subscribe(QUEUE_PANDA_RESULTS, (message) => {
    if (message.msg_type === 'slice_result') runtime.log('INFO', `slice_result: ${JSON.stringify(message.content ?? {}).slice(0, 200)}`, context(message));
  });
}
