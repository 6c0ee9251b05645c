/** How a script run reads in the launcher and its history: `running (4.2 s)`, `exit 0`, `exit 3`, `killed (SIGINT)`. */
import type { ScriptRunRecord } from '../../../shared/smurf.js';
import type { StatusTone } from './op-status.js';
import { formatDuration } from './time-format.js';

/** The run's outcome at server time `now`. */
export function runOutcome(run: ScriptRunRecord, now: number): { text: string; tone: StatusTone } {
  if (run.endedAt === null) return { text: `running (${formatDuration(now - run.startedAt)})`, tone: 'active' };
  const tone: StatusTone = run.success ? 'ok' : 'error';
  if (run.signal) return { text: `killed (${run.signal})`, tone };
  return { text: run.exitCode === null ? 'ended' : `exit ${run.exitCode}`, tone };
}

/** Run time, or time so far while it runs. */
export function runDuration(run: ScriptRunRecord, now: number): string {
  return formatDuration((run.endedAt ?? now) - run.startedAt);
}

/** The log param as the history shows it. */
export function logText(log: boolean | string): string {
  return log === true ? 'agent log' : log === false ? 'not logged' : log;
}

/** A script path's file name. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
