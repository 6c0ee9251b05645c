/**
 * Where the controller reports every script it runs (run, tune_squids, measurement ops; not the
 * check_state polls): the station store implements this to keep run history and output.
 */
export interface ScriptRunRecorder {
  /** A script started; returns the run id used for its lines and its end. */
  begin(run: { controller: string; streamId: string; op: string; script: string; args: string[]; log: boolean | string; startedAt: number }): number;
  /** One output line (time in Unix seconds). */
  line(runId: number, stream: 'stdout' | 'stderr', text: string, time: number): void;
  /** The script ended (times in Unix seconds). */
  end(runId: number, result: { endedAt: number; exitCode: number | null; signal: string | null; success: boolean }): void;
}
