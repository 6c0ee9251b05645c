/**
 * The live fastmon panel's shapes (push and invoke payloads of `fastmon:*` in shared/ipc.ts): TF subsamples
 * as the feed shows them, per-run summaries and the sampling parameters in force. Plain TypeScript only.
 */

/** One TF subsample in the feed; from a recorded `tf_file_registered` message (live) or a store row (history). */
export interface FastmonTfView {
  /** The store row id (`tf_file_id` of the message); null when a message did not carry a usable one. */
  tfId: number | null;
  /** Id of the recorded tf_file_registered message; null for rows read from the store. */
  messageId: number | null;
  /** Unique across the store: the feed's identity of a TF. */
  tfFilename: string;
  stfFilename: string;
  runNumber: number;
  executionId: string | null;
  namespace: string | null;
  tfFirst: number;
  tfLast: number;
  tfCount: number;
  /** Bytes of the sample; null when the STF size is unknown. */
  sizeBytes: number | null;
  /** The fastmon agent that recorded it. */
  agent: string | null;
  /** Unix ms: when the station recorded the message, or the row's created_at. */
  at: number;
}

/** The sampling parameters in force, as far as the agent recorded them (null: not recorded). */
export interface FastmonSamplingView {
  seed: string | null;
  selectionFraction: number | null;
  tfFilesPerStf: number | null;
  tfSizeFraction: number | null;
  tfCountPerStf: number | null;
  /** Where they were read: the run's latest fastmon_status, its TF rows' metadata, or nowhere. */
  source: 'fastmon_status' | 'tf_metadata' | null;
}

/** One run's TF tallies as the store's fastmonRunSummaries computes them. */
export interface FastmonRunSummary {
  runNumber: number;
  executionId: string | null;
  /** STF files of the run (sampled or not). */
  stfsSeen: number;
  /** STF files with at least one TF row. */
  stfsSampled: number;
  /** TF rows (files). */
  tfFiles: number;
  /** Sum of the TF ranges' tf_count. */
  tfCount: number;
  /** Sum of the known sizes; null when none is known. */
  sizeBytes: number | null;
  /** Unix ms of the run's first and last TF rows. */
  firstAt: number;
  lastAt: number;
}

/** One run as fastmon saw it: the store's summary plus a rate and the sampling parameters. */
export interface FastmonRunView extends FastmonRunSummary {
  /** TF files per second over firstAt..lastAt; null while that span is zero. */
  rate: number | null;
  sampling: FastmonSamplingView;
}

/** One STF file and the TF subsamples taken of it (the feed's click-through). */
export interface FastmonStfView {
  filename: string;
  runNumber: number;
  executionId: string | null;
  sequence: number;
  /** Bytes; null when unknown. */
  sizeBytes: number | null;
  status: string;
  /** The agent that registered the STF (the data agent, or fastmon when it came first). */
  createdBy: string;
  createdAt: number;
  tfs: FastmonTfView[];
}

/** TF files per second over a run's first..last TF (null for a zero span: one instant has no rate). */
export function tfRate(tfFiles: number, firstAt: number, lastAt: number): number | null {
  const seconds = (lastAt - firstAt) / 1000;
  return seconds > 0 ? tfFiles / seconds : null;
}

/** A number from a loosely typed record (message body, metadata), else null. */
function numberOf(record: Record<string, unknown>, key: string): number | null {
  const value = record[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/**
 * The sampling parameters found in a message body or a TF row's metadata: top-level snake_case keys
 * (`seed`, `selection_fraction`, `tf_files_per_stf`, `tf_size_fraction`, `tf_count_per_stf`) or the same
 * inside a `sampling` object. Null when none of them is there.
 */
export function samplingFrom(record: Record<string, unknown>, source: 'fastmon_status' | 'tf_metadata'): FastmonSamplingView | null {
  const nested = record.sampling;
  const where = nested !== null && typeof nested === 'object' && !Array.isArray(nested) ? { ...record, ...(nested as Record<string, unknown>) } : record;
  const seed = typeof where.seed === 'string' || typeof where.seed === 'number' ? String(where.seed) : null;
  const view: FastmonSamplingView = {
    seed,
    selectionFraction: numberOf(where, 'selection_fraction'),
    tfFilesPerStf: numberOf(where, 'tf_files_per_stf'),
    tfSizeFraction: numberOf(where, 'tf_size_fraction'),
    tfCountPerStf: numberOf(where, 'tf_count_per_stf'),
    source,
  };
  const found = [view.seed, view.selectionFraction, view.tfFilesPerStf, view.tfSizeFraction, view.tfCountPerStf].some((value) => value !== null);
  return found ? view : null;
}

/** Later fields fill the earlier view's gaps (a status's parameters win over TF metadata's). */
export function mergeSampling(first: FastmonSamplingView | null, second: FastmonSamplingView | null): FastmonSamplingView {
  const none: FastmonSamplingView = { seed: null, selectionFraction: null, tfFilesPerStf: null, tfSizeFraction: null, tfCountPerStf: null, source: null };
  if (!first) return second ?? none;
  if (!second) return first;
  return {
    seed: first.seed ?? second.seed,
    selectionFraction: first.selectionFraction ?? second.selectionFraction,
    tfFilesPerStf: first.tfFilesPerStf ?? second.tfFilesPerStf,
    tfSizeFraction: first.tfSizeFraction ?? second.tfSizeFraction,
    tfCountPerStf: first.tfCountPerStf ?? second.tfCountPerStf,
    source: first.source,
  };
}
