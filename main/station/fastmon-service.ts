/**
 * The live fastmon panel's side of the station: TF subsamples and per-run summaries from the store for
 * `fastmon:tfs` / `fastmon:runs`, and their pushes. TF rows are written by the fastmon agent's own process,
 * so they raise no change event here; the recorded `tf_file_registered` messages are the live trigger.
 */
import { mergeSampling, samplingFrom, tfRate, type FastmonRunView, type FastmonSamplingView, type FastmonStfView, type FastmonTfView } from '../../shared/fastmon.js';
import type { PushChannel, PushChannels } from '../../shared/ipc.js';
import type { StoreChange } from '../store/index.js';
import type { FastmonRunSummary, FastmonRunSummaryQuery, MessageRecord, TestbedStore, TfFileQuery, TfFileRecord } from '../store/testbed-types.js';

/** What the service reads of the store's testbed side. */
export type FastmonRecordsPort = Pick<TestbedStore, 'listTfFiles' | 'fastmonRunSummaries' | 'listMessages' | 'getStfFile'>;

type Publish = <C extends PushChannel>(channel: C, payload: PushChannels[C]) => void;

export interface FastmonServiceOptions {
  records: FastmonRecordsPort;
  publish: Publish;
  /** The store's change events (store.onChange); the service listens until close(). */
  subscribe?(listener: (event: StoreChange) => void): () => void;
  /** Least time between two run-summary refreshes (default 500 ms, i.e. at most 2/s). */
  refreshMs?: number;
}

/** A burst (one STF's TFs arrive together) is gathered this long before the first refresh. */
const GATHER_MS = 50;

/** Runs asked of the store when the changed runs' execution is unknown (continuous mode). */
const ALL_RUNS_LIMIT = 10_000;

/** Most TFs of one STF the click-through lists (an STF has tf_files_per_stf, 7 by default). */
const STF_TFS_LIMIT = 1000;

/** The store row as the feed shows it. */
export function tfViewFromRecord(record: TfFileRecord): FastmonTfView {
  return {
    tfId: record.id,
    messageId: null,
    tfFilename: record.tfFilename,
    stfFilename: record.stfFilename,
    runNumber: record.runNumber,
    executionId: record.executionId,
    namespace: record.namespace,
    tfFirst: record.tfFirst,
    tfLast: record.tfLast,
    tfCount: record.tfCount,
    sizeBytes: record.sizeBytes,
    agent: record.agentName,
    at: record.createdAt,
  };
}

const integer = (value: unknown): number | null => {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : null;
};
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A recorded tf_file_registered as a feed row; null when it lacks a field the feed needs (it is then left out). */
export function tfViewFromMessage(message: MessageRecord): FastmonTfView | null {
  const { body } = message;
  const tfFilename = text(body.tf_filename);
  const stfFilename = text(body.stf_filename);
  // run_number is ours (§1.6 carries only run_id, as a string).
  const runNumber = integer(body.run_number) ?? integer(body.run_id) ?? integer(message.runId);
  const [tfFirst, tfLast, tfCount] = [integer(body.tf_first), integer(body.tf_last), integer(body.tf_count)];
  if (!tfFilename || !stfFilename || runNumber === null || tfFirst === null || tfLast === null || tfCount === null) return null;
  return {
    tfId: integer(body.tf_file_id),
    messageId: message.id,
    tfFilename,
    stfFilename,
    runNumber,
    executionId: text(body.execution_id) ?? message.executionId,
    namespace: message.namespace,
    tfFirst,
    tfLast,
    tfCount,
    sizeBytes: integer(body.file_size_bytes),
    agent: text(body.processed_by) ?? message.sender,
    at: message.receivedAt,
  };
}

/** Per-run summaries, TF rows and the `fastmon:*` pushes for the IPC handlers. */
export class FastmonService {
  /** Runs whose summary must be pushed at the next refresh → their execution id (null: unknown). */
  private readonly dirty = new Map<number, string | null>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRefresh = 0;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: FastmonServiceOptions) {
    this.unsubscribe = options.subscribe?.((event) => this.onStoreChange(event)) ?? (() => {});
  }

  /** Newest run first, each with its rate and sampling parameters. */
  runs(query: FastmonRunSummaryQuery): FastmonRunView[] {
    return this.options.records.fastmonRunSummaries(query).map((summary) => this.runView(summary));
  }

  tfs(query: TfFileQuery): FastmonTfView[] {
    return this.options.records.listTfFiles(query).map(tfViewFromRecord);
  }

  /** The STF and its TFs; the TF rows alone when the STF row is gone, null when neither is known. */
  stf(stfFilename: string): FastmonStfView | null {
    const { records } = this.options;
    const tfs = records.listTfFiles({ stfFilename, limit: STF_TFS_LIMIT }).map(tfViewFromRecord);
    const stf = records.getStfFile(stfFilename);
    if (stf) {
      const { filename, runNumber, executionId, sequence, sizeBytes, status, createdBy, createdAt } = stf;
      return { filename, runNumber, executionId, sequence, sizeBytes, status, createdBy, createdAt, tfs };
    }
    const first = tfs[0];
    return first ? { filename: stfFilename, runNumber: first.runNumber, executionId: first.executionId, sequence: 0, sizeBytes: null, status: 'unknown', createdBy: first.agent ?? '', createdAt: first.at, tfs } : null;
  }

  /** A recorded tf_file_registered goes out at once as a TF view; the run's summary follows, throttled. */
  onStoreChange(event: StoreChange): void {
    if (this.closed) return;
    if (event.kind === 'testbed-message') {
      const { message } = event;
      if (message.msgType === 'tf_file_registered') {
        const view = tfViewFromMessage(message);
        if (!view) return;
        this.options.publish('fastmon:tfs', [view]);
        this.touch(view.runNumber, view.executionId);
      } else if (message.msgType === 'fastmon_status') {
        // The run's final tallies (and any sampling parameters it carries) are worth a refresh.
        const runNumber = integer(message.body.run_id) ?? integer(message.runId);
        if (runNumber !== null) this.touch(runNumber, text(message.body.execution_id) ?? message.executionId);
      }
    } else if (event.kind === 'testbed-fastmon-tf') {
      // Only when an agent records through this very process (tests, an in-station agent): no TF push, its messages do that.
      for (const record of event.records) this.touch(record.runNumber, record.executionId);
    }
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dirty.clear();
  }

  private touch(runNumber: number, executionId: string | null): void {
    if (!this.dirty.has(runNumber) || executionId !== null) this.dirty.set(runNumber, executionId);
    if (this.timer) return;
    const wait = Math.max(GATHER_MS, this.lastRefresh + (this.options.refreshMs ?? 500) - Date.now());
    this.timer = setTimeout(() => this.refresh(), wait);
    // A pending refresh must not keep a finished CLI or test process alive.
    this.timer.unref?.();
  }

  /** One store query per execution touched (indexed by execution id), one over all runs for the rest. */
  private refresh(): void {
    this.timer = null;
    if (this.closed || this.dirty.size === 0) return;
    this.lastRefresh = Date.now();
    const wanted = new Map(this.dirty);
    this.dirty.clear();
    const executions = new Set([...wanted.values()]);
    const byRun = new Map<number, FastmonRunView>();
    try {
      for (const executionId of executions) {
        const found = executionId === null ? this.options.records.fastmonRunSummaries({ limit: ALL_RUNS_LIMIT }) : this.options.records.fastmonRunSummaries({ executionId, limit: 1000 });
        for (const summary of found) if (wanted.has(summary.runNumber)) byRun.set(summary.runNumber, this.runView(summary));
      }
    } catch {
      // A busy or closing store: the next TF of these runs refreshes them again.
      return;
    }
    if (byRun.size > 0) this.options.publish('fastmon:runs', [...byRun.values()]);
  }

  private runView(summary: FastmonRunSummary): FastmonRunView {
    return { ...summary, rate: tfRate(summary.tfFiles, summary.firstAt, summary.lastAt), sampling: this.sampling(summary.runNumber) };
  }

  /** The run's latest fastmon_status parameters, gaps filled from its newest TF row's metadata. */
  private sampling(runNumber: number): FastmonSamplingView {
    const { records } = this.options;
    const status = records.listMessages({ msgType: 'fastmon_status', runId: String(runNumber), newest: true, limit: 1 })[0];
    const tf = records.listTfFiles({ runNumber, newest: true, limit: 1 })[0];
    return mergeSampling(status ? samplingFrom(status.body, 'fastmon_status') : null, tf ? samplingFrom(tf.metadata, 'tf_metadata') : null);
  }
}
