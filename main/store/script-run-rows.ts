/** Row shapes of script_runs and the checks on what the recorder is given. */
import type { ScriptRunRecord } from '../../shared/smurf.js';

/** What ScriptRunRecorder.begin receives. */
export interface ScriptRunStart {
  controller: string;
  streamId: string;
  op: string;
  script: string;
  args: string[];
  log: boolean | string;
  /** Unix seconds. */
  startedAt: number;
}

/** What ScriptRunRecorder.end receives. */
export interface ScriptRunEnd {
  endedAt: number;
  exitCode: number | null;
  signal: string | null;
  success: boolean;
}

export interface ScriptRunRow {
  id: number;
  controller: string;
  stream_id: string;
  op: string;
  script: string;
  args: string;
  log: string;
  started_at: number;
  ended_at: number | null;
  exit_code: number | null;
  signal: string | null;
  success: number | null;
  lines: number;
}

export function toRunRecord(row: ScriptRunRow): ScriptRunRecord {
  return {
    id: row.id,
    controller: row.controller,
    streamId: row.stream_id,
    op: row.op,
    script: row.script,
    args: JSON.parse(row.args) as string[],
    log: JSON.parse(row.log) as boolean | string,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    exitCode: row.exit_code,
    signal: row.signal,
    success: row.success === null ? null : row.success === 1,
    lines: row.lines,
  };
}

export function checkRunStart(run: ScriptRunStart): void {
  for (const key of ['controller', 'streamId', 'op', 'script'] as const) {
    if (typeof run[key] !== 'string' || run[key] === '') throw new TypeError(`script run: "${key}" must be a non-empty string`);
  }
  if (!Array.isArray(run.args) || !run.args.every((arg) => typeof arg === 'string')) throw new TypeError('script run: "args" must be an array of strings');
  if (typeof run.log !== 'boolean' && typeof run.log !== 'string') throw new TypeError('script run: "log" must be true, false or a file path');
  if (typeof run.startedAt !== 'number' || !Number.isFinite(run.startedAt)) throw new TypeError('script run: "startedAt" must be a finite number (Unix seconds)');
}

export function checkRunEnd(result: ScriptRunEnd): void {
  if (typeof result.endedAt !== 'number' || !Number.isFinite(result.endedAt)) throw new TypeError('script run end: "endedAt" must be a finite number (Unix seconds)');
  if (result.exitCode !== null && !Number.isInteger(result.exitCode)) throw new TypeError('script run end: "exitCode" must be an integer or null');
  if (result.signal !== null && typeof result.signal !== 'string') throw new TypeError('script run end: "signal" must be a signal name or null');
  if (typeof result.success !== 'boolean') throw new TypeError('script run end: "success" must be a boolean');
}
