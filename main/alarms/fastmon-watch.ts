/**
 * Alarm condition from the recorded testbed messages: the fastmon TF rate of a run in progress
 * (start_run seen, end_run not yet) fell below the rule's threshold. The rate counts the run's
 * tf_file_registered messages over the last WINDOW_MS; a run with no TF at all is not judged
 * (fastmon may simply not be part of that testbed), nor one whose first TF is younger than the window.
 */
import type { StoreChange } from '../store/index.js';
import type { AlarmCondition } from './engine.js';

/** The span the rate is taken over. */
export const WINDOW_MS = 30_000;

interface RunWatch {
  subject: string;
  firstTfAt: number | null;
  /** Arrival times (Unix ms) of the TFs inside the window. */
  arrivals: number[];
}

export class FastmonWatch {
  private readonly runs = new Map<string, RunWatch>();

  constructor(
    private readonly now: () => number,
    private readonly threshold: () => number | null,
    private readonly report: (conditions: AlarmCondition[]) => void,
  ) {}

  /** Store change events (only recorded testbed messages matter). */
  onStoreChange(event: StoreChange): void {
    if (event.kind !== 'testbed-message') return;
    const { msgType, runId, namespace } = event.message;
    if (runId === null) return;
    const key = `${namespace ?? ''}\u0000${runId}`;
    if (msgType === 'start_run' && !this.runs.has(key)) {
      this.runs.set(key, { subject: `run ${runId}${namespace ? ` (${namespace})` : ''}`, firstTfAt: null, arrivals: [] });
    } else if (msgType === 'end_run') {
      const run = this.runs.get(key);
      if (!run) return;
      this.runs.delete(key);
      this.report([{ ruleId: 'fastmon-rate-low', subject: run.subject, holds: false }]);
    } else if (msgType === 'tf_file_registered') {
      const run = this.runs.get(key);
      if (!run) return;
      const at = this.now();
      run.firstTfAt ??= at;
      run.arrivals.push(at);
    }
  }

  /** Judges every run in progress; call it periodically. */
  tick(): void {
    const threshold = this.threshold();
    const now = this.now();
    const conditions: AlarmCondition[] = [];
    for (const run of this.runs.values()) {
      run.arrivals = run.arrivals.filter((at) => now - at < WINDOW_MS);
      if (threshold === null || run.firstTfAt === null || now - run.firstTfAt < WINDOW_MS) continue;
      const rate = run.arrivals.length / (WINDOW_MS / 1000);
      conditions.push({
        ruleId: 'fastmon-rate-low',
        subject: run.subject,
        holds: rate < threshold,
        title: `Fastmon TF rate low for ${run.subject}`,
        detail: `${rate.toFixed(2)} TF files/s over the last ${WINDOW_MS / 1000} s (threshold ${threshold})`,
      });
    }
    if (conditions.length > 0) this.report(conditions);
  }
}
