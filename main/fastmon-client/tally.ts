/** Per-run statistics of the TF samples a client has received: STFs seen, TF files, TFs in them, bytes. */
import type { TfEvent } from './messages.js';

/** One run's (or the total's) figures. */
export interface RunTotals {
  /** The run id; null for TFs whose message named no run. */
  run: string | null;
  /** Distinct parent STFs. */
  stfs: number;
  /** TF files (one per `tf_file_registered`). */
  tfFiles: number;
  /** Sum of `tf_count`: the TFs those files hold. */
  tfCount: number;
  /** Sum of `file_size_bytes`. */
  bytes: number;
}

interface RunState {
  // A set, not a counter: several TF samples share one STF, and only distinct STFs count.
  stfs: Set<string>;
  tfFiles: number;
  tfCount: number;
  bytes: number;
}

/** Counts TF samples per run. */
export class Tally {
  private readonly runs = new Map<string | null, RunState>();

  /** Adds one TF sample; missing counts add nothing. */
  add(tf: TfEvent): void {
    let state = this.runs.get(tf.run);
    if (!state) {
      state = { stfs: new Set(), tfFiles: 0, tfCount: 0, bytes: 0 };
      this.runs.set(tf.run, state);
    }
    if (tf.stfFilename !== null) state.stfs.add(tf.stfFilename);
    state.tfFiles += 1;
    state.tfCount += tf.tfCount ?? 0;
    state.bytes += tf.fileSizeBytes ?? 0;
  }

  /** TF files received so far, over all runs. */
  get tfFiles(): number {
    let total = 0;
    for (const state of this.runs.values()) total += state.tfFiles;
    return total;
  }

  /** One row per run: numeric run ids in numeric order, then other names, the unnamed run last. */
  rows(): RunTotals[] {
    return [...this.runs.entries()]
      .map(([run, state]) => ({ run, stfs: state.stfs.size, tfFiles: state.tfFiles, tfCount: state.tfCount, bytes: state.bytes }))
      .sort((a, b) => compareRuns(a.run, b.run));
  }

  /** The sum of every run (STFs are per run, so an STF name reused across runs counts once per run). */
  totals(): Omit<RunTotals, 'run'> {
    const sum = { stfs: 0, tfFiles: 0, tfCount: 0, bytes: 0 };
    for (const row of this.rows()) {
      sum.stfs += row.stfs;
      sum.tfFiles += row.tfFiles;
      sum.tfCount += row.tfCount;
      sum.bytes += row.bytes;
    }
    return sum;
  }
}

function compareRuns(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b) || (a < b ? -1 : 1);
  if (numeric.test(a)) return -1;
  if (numeric.test(b)) return 1;
  return a < b ? -1 : 1;
}
