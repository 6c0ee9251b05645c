/**
 * Smurf commanding shapes shared by main and the renderer (issue 4): slots, script runs and their
 * output, registered data files. Plain TypeScript, no runtime dependencies.
 */

/** Controller ops that change the detectors' state for the running observation: the UI asks before running them. */
export const DANGEROUS_SMURF_OPS: readonly string[] = ['all_off', 'set_biases', 'zero_biases'];

/** One PysmurfController as the station sees it (from heartbeats and its check_state session). */
export interface SmurfSlot {
  /** Controller agent address, e.g. `observatory.pysmurf-controller-c1s2`. */
  address: string;
  instanceId: string;
  crate: number | null;
  slot: number | null;
  /** From check_state session.data `stream_id`; the instance id when unknown. */
  streamId: string;
  expired: boolean;
  /** Unix seconds of the last heartbeat. */
  lastHeartbeat: number;
  /** The op running now (op code 3 in the heartbeat, any op but check_state), with its start time when known. */
  currentOp: { name: string; startedAt: number | null } | null;
  /** From check_state / stream session.data; null when unknown. */
  streamOn: boolean | null;
  /** The latest finished op (not check_state). */
  lastResult: { op: string; success: boolean; message: string; endedAt: number } | null;
}

/** Where the station's smurf agents are: the UI talks to them by address through the op channels. */
export interface SmurfInfo {
  /** MultiSmurfManager address (fan-out ops take `stream_ids`), or null when none runs. */
  managerAddress: string | null;
  /** PysmurfMonitor address, or null. */
  monitorAddress: string | null;
  /** Allowed script directories (absolute paths). */
  scriptDirs: string[];
}

/** A script the launcher may run (inside an allowed directory). */
export interface ScriptEntry {
  /** Absolute path (what `run` takes as `script`). */
  path: string;
  /** Path relative to its script directory, for display. */
  name: string;
  dir: string;
  sizeBytes: number;
  /** Unix seconds. */
  modified: number;
}

/** One `run` (or tune_squids / measurement-op script) of one controller, as kept in the station store. */
export interface ScriptRunRecord {
  id: number;
  /** Controller agent address and its stream id at the time. */
  controller: string;
  streamId: string;
  /** The op that ran it (`run`, `tune_squids`, `take_iv` …). */
  op: string;
  script: string;
  args: string[];
  /** `true`, `false` or the log file path. */
  log: boolean | string;
  /** Unix seconds. */
  startedAt: number;
  endedAt: number | null;
  exitCode: number | null;
  /** Signal name when the script was killed (e.g. SIGINT after an abort). */
  signal: string | null;
  success: boolean | null;
  /** Output lines stored for this run. */
  lines: number;
}

/** One line of a run's output. */
export interface ScriptOutputLine {
  runId: number;
  /** 0-based line number within the run (stdout and stderr interleaved in arrival order). */
  seq: number;
  stream: 'stdout' | 'stderr';
  /** Unix seconds. */
  time: number;
  text: string;
}

/** A file registered through the PysmurfMonitor (`data_file` or `g3_file` datagram). */
export interface DataFileRecord {
  id: number;
  path: string;
  /** `data_file` type field (e.g. `tune`, `iv`), or `g3` for g3_file. */
  type: string;
  format: string;
  action: string | null;
  actionTs: string | null;
  plot: boolean;
  /** Publisher id (`SMURFPUB_ID`, usually the stream id). */
  pubId: string;
  /** The datagram's `payload.timestamp` (or envelope time), Unix seconds. */
  timestamp: number;
  /** When the monitor received it, Unix seconds. */
  receivedAt: number;
  /** Message type it came with. */
  source: 'data_file' | 'g3_file';
}
