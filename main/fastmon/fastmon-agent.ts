/**
 * The fastmon agent (swf-testbed spec §1): takes seeded TF subsamples of selected STFs, records them in
 * the store and announces each new one with `tf_file_registered` on /topic/epictopic (§1.6).
 * Message mode reacts to `stf_ready`; continuous mode polls watch directories (stf-watcher.ts).
 * Improvements over upstream: seeded and reproducible, selection fraction honoured with at least one
 * sample per run, no heartbeat or WARNING per received message, idempotent on redelivery and restart.
 */
import { TOPIC_EPIC, type EndRunMessage, type StfReadyMessage, type TestbedMessage, type TfFileRegisteredMessage } from '../testbed/messages.js';
import type { TestbedAgentRuntime } from '../testbed/agents/runtime.js';
import { RunSampleLedger, simulateTfSubsamples, type SamplingReason } from './sampling.js';
import { describeFastmonSettings, type FastmonSettings } from './settings.js';
import { runNumberFromStfName } from './stf-name.js';
import { startStfWatcher, type StfWatcher, type WatchedStf } from './stf-watcher.js';

/** Upstream agent type; the agent's name reads `fastmon-agent-<user>-<id>`. */
export const FASTMON_AGENT_TYPE = 'fastmon';

/** Why an STF was rejected (bad input, or a store failure). */
export type FastmonRejection = 'no-filename' | 'unparsable-name' | 'zero-size' | 'unreadable' | 'record-failed';

/** What the agent has done since it started. */
export interface FastmonCounters {
  /** STFs offered (stf_ready messages, or complete files in continuous mode). */
  received: number;
  /** STFs sampled (TF rows recorded or already present). */
  sampled: number;
  /** STFs not selected. */
  skipped: number;
  /** TF rows this agent inserted (= tf_file_registered sent). */
  tfRecorded: number;
  rejected: Partial<Record<FastmonRejection, number>>;
}

/** A running fastmon agent. */
export interface FastmonAgent {
  readonly settings: FastmonSettings;
  /** A snapshot of the counters. */
  counters(): FastmonCounters;
  /** Continuous mode: one directory poll now (resolves when it is done); message mode: no-op. */
  poll(): Promise<void>;
}

/** One STF to sample, whatever announced it. */
interface StfInput {
  filename: string;
  runNumber: number;
  runId: string;
  executionId: string | null;
  sizeBytes: number | null;
  extra: Record<string, unknown>;
}

/** Per-run tallies for the end_run summary. */
interface RunTally {
  stfs: number;
  sampled: number;
  tfs: number;
}

/** Outcome of one STF, also the continuous-mode ledger's outcome. */
type Outcome = 'sampled' | 'not-selected' | `rejected: ${FastmonRejection}`;

/**
 * Attaches the fastmon agent to `runtime` (subscribe before runtime.start()). In continuous mode the
 * watcher starts at once (sends queue in the bus until it is connected) and stops at shutdown.
 */
export function createFastmonAgent(runtime: TestbedAgentRuntime, settings: FastmonSettings): FastmonAgent {
  const tables = runtime.store.testbed;
  const params = settings.sampling;
  const ledger = new RunSampleLedger();
  const runs = new Map<number, RunTally>();
  const counts: FastmonCounters = { received: 0, sampled: 0, skipped: 0, tfRecorded: 0, rejected: {} };
  runtime.log('INFO', describeFastmonSettings(settings));
  // The parameters in force, in upstream's config key names: in every TF row's metadata and each run summary.
  const samplingFields = {
    seed: String(params.seed), selection_fraction: params.selectionFraction, tf_files_per_stf: params.tfFilesPerStf,
    tf_size_fraction: params.tfSizeFraction, tf_count_per_stf: params.tfCountPerStf,
  };

  const tally = (run: number) => {
    let t = runs.get(run);
    if (!t) runs.set(run, (t = { stfs: 0, sampled: 0, tfs: 0 }));
    return t;
  };

  const reject = (reason: FastmonRejection, detail: string, context: { executionId?: string | null; runId?: string | null } = {}): Outcome => {
    counts.rejected[reason] = (counts.rejected[reason] ?? 0) + 1;
    runtime.log('WARNING', `STF rejected (${reason}): ${detail}`, context);
    return `rejected: ${reason}`;
  };

  /** Decide → simulate → record (one transaction) → announce the inserted rows. Never throws. */
  const sampleStf = async (stf: StfInput): Promise<Outcome> => {
    const context = { executionId: stf.executionId, runId: stf.runId };
    const t = tally(stf.runNumber);
    t.stfs += 1;
    let reason: SamplingReason;
    let inserted;
    try {
      const decision = ledger.decide(params, stf.filename, stf.runNumber);
      if (!decision.sample) {
        counts.skipped += 1;
        return 'not-selected';
      }
      reason = decision.reason;
      const samples = simulateTfSubsamples(params, { filename: stf.filename, sizeBytes: stf.sizeBytes });
      const metadata = { simulation: true, created_from: stf.filename, agent_name: runtime.agentName, sampling_reason: reason, ...samplingFields, ...stf.extra };
      const result = tables.recordStfSample({
        stf: { filename: stf.filename, runNumber: stf.runNumber, executionId: stf.executionId, namespace: runtime.namespace, sizeBytes: stf.sizeBytes, sequence: null },
        tfs: samples.map((sample) => ({ ...sample, metadata })),
        agentName: runtime.agentName,
      });
      inserted = result.inserted;
    } catch (error) {
      return reject('record-failed', `${stf.filename}: ${(error as Error).message}`, context);
    }
    counts.sampled += 1;
    counts.tfRecorded += inserted.length;
    t.sampled += 1;
    t.tfs += inserted.length;
    // Only rows inserted now are announced: a redelivered or re-found STF sends nothing twice.
    for (const tf of inserted) {
      const message: TfFileRegisteredMessage = {
        msg_type: 'tf_file_registered', run_id: stf.runId, execution_id: stf.executionId, run_number: stf.runNumber,
        processed_by: runtime.agentName, tf_file_id: String(tf.id), tf_filename: tf.tfFilename, tf_first: tf.tfFirst, tf_last: tf.tfLast,
        tf_count: tf.tfCount, file_size_bytes: tf.sizeBytes, stf_filename: tf.stfFilename, status: 'registered',
      };
      try {
        await runtime.send(TOPIC_EPIC, message);
      } catch (error) {
        runtime.log('ERROR', `tf_file_registered for ${tf.tfFilename} not sent: ${(error as Error).message}`, context);
      }
    }
    return 'sampled';
  };

  const onStfReady = (msg: StfReadyMessage): Promise<Outcome> | Outcome => {
    counts.received += 1;
    const runId = msg.run_id === undefined || msg.run_id === null ? null : String(msg.run_id);
    const executionId = typeof msg.execution_id === 'string' ? msg.execution_id : null;
    const context = { executionId, runId };
    if (typeof msg.filename !== 'string' || msg.filename === '') return reject('no-filename', `stf_ready without filename (run ${runId ?? '?'})`, context);
    const fromRunId = runId !== null && /^\d+$/.test(runId) ? Number(runId) : null;
    const runNumber = fromRunId !== null && fromRunId >= 1 && Number.isSafeInteger(fromRunId) ? fromRunId : runNumberFromStfName(msg.filename);
    if (runNumber === null || runNumber < 1) return reject('unparsable-name', `${msg.filename}: no run number in the name and no usable run_id`, context);
    let sizeBytes = typeof msg.size_bytes === 'number' ? msg.size_bytes : null;
    if (sizeBytes === null) {
      try {
        sizeBytes = tables.getStfFile(msg.filename)?.sizeBytes ?? null;
      } catch {
        // The store row only refines the byte sizes: sample without it.
      }
    }
    if (sizeBytes !== null && (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0)) return reject('zero-size', `${msg.filename}: size_bytes ${sizeBytes}`, context);
    return sampleStf({
      filename: msg.filename, runNumber, runId: runId ?? String(runNumber), executionId, sizeBytes,
      extra: { state: msg.state ?? null, substate: msg.substate ?? null, start: msg.start ?? null, end: msg.end ?? null },
    });
  };

  const onEndRun = async (msg: EndRunMessage) => {
    const runNumber = Number(msg.run_id);
    const t = runs.get(runNumber) ?? { stfs: 0, sampled: 0, tfs: 0 };
    runs.delete(runNumber);
    ledger.forget(runNumber);
    const executionId = typeof msg.execution_id === 'string' ? msg.execution_id : null;
    try {
      await runtime.send(TOPIC_EPIC, {
        msg_type: 'fastmon_status', processed_by: runtime.agentName, status: 'ok',
        message: `run ${String(msg.run_id)}: ${t.sampled} of ${t.stfs} STFs sampled, ${t.tfs} TFs`, run_id: String(msg.run_id), execution_id: executionId,
        sampling: samplingFields,
      });
    } catch (error) {
      runtime.log('ERROR', `fastmon_status for run ${String(msg.run_id)} not sent: ${(error as Error).message}`, { executionId, runId: String(msg.run_id) });
    }
  };

  runtime.subscribe(TOPIC_EPIC, async (message: TestbedMessage) => {
    // Its own tf_file_registered / fastmon_status echoes, and every other type, are ignored silently.
    if (message.sender === runtime.agentName) return;
    if (message.msg_type === 'end_run') return onEndRun(message as EndRunMessage);
    if (message.msg_type === 'stf_ready' && settings.mode === 'message') await onStfReady(message as StfReadyMessage);
  });

  let watcher: StfWatcher | null = null;
  if (settings.mode === 'continuous') {
    const onComplete = async (file: WatchedStf): Promise<boolean> => {
      counts.received += 1;
      const seen = { sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs };
      const runNumber = runNumberFromStfName(file.name);
      let outcome: Outcome;
      if (runNumber === null || runNumber < 1) outcome = reject('unparsable-name', `${file.path}: no run number in the name`);
      else {
        outcome = await sampleStf({
          filename: file.name, runNumber, runId: String(runNumber), executionId: null, sizeBytes: file.sizeBytes,
          extra: { original_path: file.path, file_url: `file://${file.path}`, modification_time: new Date(file.mtimeMs).toISOString() },
        });
      }
      // A store failure is retried on a later poll; anything else is final and kept across restarts.
      if (outcome === 'rejected: record-failed') return false;
      try {
        tables.markFileSeen(file.path, { ...seen, outcome });
      } catch (error) {
        runtime.log('ERROR', `${file.path} not marked as handled: ${(error as Error).message}`);
      }
      return true;
    };
    watcher = startStfWatcher({
      dirs: settings.watchDirs,
      pollIntervalMs: settings.pollIntervalMs,
      isHandled: (path) => tables.wasFileSeen(path),
      onComplete,
      onRejected: (file, reason, detail) => {
        counts.received += 1;
        const outcome = reject(reason, `${file.path}: ${detail}`);
        // A zero-size file stays rejected (also after a restart); an unreadable one is retried when it changes.
        if (reason === 'zero-size') tables.markFileSeen(file.path, { sizeBytes: file.sizeBytes, mtimeMs: file.mtimeMs, outcome });
      },
      onDirError: (dir, error) => runtime.log('WARNING', `watch directory ${dir}: ${error.message}`),
    });
    runtime.onShutdown(() => watcher?.stop());
  }

  return {
    settings,
    counters: () => ({ ...counts, rejected: { ...counts.rejected } }),
    poll: () => watcher?.poll() ?? Promise.resolve(),
  };
}
