/** Types of the fast-monitoring tables (migration 3): TF subsamples and the continuous-mode watcher's ledger. */

// ── FastmonTables: the fast-monitoring agent's TF subsamples and its watcher's ledger ──────────────

/** The STF file a sample was taken from; registered in testbed_stf_files when not already there. */
export interface FastmonStfInput {
  filename: string;
  runNumber: number;
  executionId: string | null;
  namespace: string | null;
  sizeBytes: number | null;
  /** null: parsed from `swf.<run>.<seq>.stf`, else 0. */
  sequence: number | null;
}

export interface NewTfFile {
  /** Unique across the store: the dedupe key of a re-sampled STF. */
  tfFilename: string;
  sequenceNumber: number;
  tfFirst: number;
  /** ≥ tfFirst. */
  tfLast: number;
  /** Must equal tfLast − tfFirst + 1. */
  tfCount: number;
  sizeBytes: number | null;
  metadata: object;
}

export interface NewStfSample {
  stf: FastmonStfInput;
  tfs: NewTfFile[];
  agentName: string;
}

/** `inserted`: the rows this call wrote; `existing`: TFs of the sample that were already recorded. */
export interface RecordStfSampleResult {
  inserted: TfFileRecord[];
  existing: number;
}

export interface TfFileRecord {
  id: number;
  tfFilename: string;
  stfFilename: string;
  runNumber: number;
  executionId: string | null;
  namespace: string | null;
  sequenceNumber: number;
  tfFirst: number;
  tfLast: number;
  tfCount: number;
  sizeBytes: number | null;
  status: string;
  agentName: string;
  metadata: Record<string, unknown>;
  createdAt: number;
}

export interface TfFileQuery {
  runNumber?: number;
  stfFilename?: string;
  executionId?: string;
  /** Only rows with a larger id (for following the stream). */
  afterId?: number;
  limit?: number;
  /** The last `limit` matches instead of the first (still in ascending id order). */
  newest?: boolean;
}

export interface FastmonRunSummaryQuery {
  executionId?: string;
  namespace?: string;
  limit?: number;
}

/** One run's TF tallies (the shape is the UI contract's, so the view only adds to it). */
export type { FastmonRunSummary } from '../../shared/fastmon.js';

/** A watcher ledger entry: what the file looked like when handled, and what came of it (e.g. 'sampled', 'skipped'). */
export interface SeenFile {
  sizeBytes: number | null;
  mtimeMs: number | null;
  outcome: string;
}
