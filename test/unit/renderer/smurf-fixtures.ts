/** Smurf shapes with sensible defaults for the renderer tests. */
import type { AgentApi, EncodedSession } from '../../../shared/ocs-codes.js';
import type { DataFileRecord, ScriptEntry, ScriptOutputLine, ScriptRunRecord, SmurfInfo, SmurfSlot } from '../../../shared/smurf.js';
import { session } from './fake-station.js';

export const MANAGER = 'observatory.multismurf';

export const smurfInfo = (patch: Partial<SmurfInfo> = {}): SmurfInfo => ({ managerAddress: MANAGER, monitorAddress: 'observatory.pysmurf-monitor', scriptDirs: ['/site/scripts'], ...patch });

/** Controller of crate 1, slot `n` (stream id `crate1slot<n>`). */
export function slot(n: number, patch: Partial<SmurfSlot> = {}): SmurfSlot {
  return {
    address: `observatory.pysmurf-controller-c1s${n}`,
    instanceId: `pysmurf-controller-c1s${n}`,
    crate: 1,
    slot: n,
    streamId: `crate1slot${n}`,
    expired: false,
    lastHeartbeat: Date.now() / 1000,
    currentOp: null,
    streamOn: false,
    lastResult: null,
    ...patch,
  };
}

export function run(id: number, patch: Partial<ScriptRunRecord> = {}): ScriptRunRecord {
  return {
    id,
    controller: 'observatory.pysmurf-controller-c1s2',
    streamId: 'crate1slot2',
    op: 'run',
    script: '/site/scripts/hello_smurf.py',
    args: [],
    log: true,
    startedAt: 1_000,
    endedAt: null,
    exitCode: null,
    signal: null,
    success: null,
    lines: 0,
    ...patch,
  };
}

export function line(runId: number, seq: number, patch: Partial<ScriptOutputLine> = {}): ScriptOutputLine {
  return { runId, seq, stream: 'stdout', time: 1_000 + seq, text: `line ${seq}`, ...patch };
}

export function dataFile(id: number, patch: Partial<DataFileRecord> = {}): DataFileRecord {
  return {
    id,
    path: `/data/smurf/20261123/crate1slot2/outputs/${id}_noise.npy`,
    type: 'noise',
    format: 'npy',
    action: 'take_noise',
    actionTs: '1763900000',
    plot: false,
    pubId: 'crate1slot2',
    timestamp: 1_763_900_000 + id,
    receivedAt: 1_763_900_000 + id,
    source: 'data_file',
    ...patch,
  };
}

export function script(name: string, dir = '/site/scripts'): ScriptEntry {
  return { path: `${dir}/${name}`, name, dir, sizeBytes: 1234, modified: Date.now() / 1000 - 60 };
}

/** The manager's session of a fan-out with per-slot controller sessions. */
export function managerSession(op: string, sessions: Record<string, EncodedSession>, patch: Partial<EncodedSession> = {}): EncodedSession {
  return session(op, { data: { op_name: op, stream_ids: Object.keys(sessions), sessions }, ...patch });
}

/** get_api of a controller with a few of its ops and docstring signatures. */
export function controllerApi(): AgentApi {
  const task = (name: string, docstring: string, abortable = true) =>
    [name, { op_name: name, status: 'no_history' }, { blocking: true, abortable, docstring, op_type: 'task', min_privs: 1 }] as AgentApi['tasks'][number];
  return {
    agent_class: 'PysmurfController',
    instance_hostname: 'smurf-srv',
    instance_pid: 4242,
    feeds: [],
    tasks: [
      task('run', "run(script, args=[], log=True)\n\nRun a script."),
      task('abort', 'abort()\n\nAbort the running script.'),
      task('take_noise', 'take_noise(duration=30.0, kwargs=None, tag=None, run_in_main_process=False)\n\nTake a noise timestream.', false),
      task('all_off', 'all_off(disable_amps=True, disable_tones=True)\n\nTurn everything off.', false),
    ],
    processes: [['stream', { op_name: 'stream', status: 'no_history' }, { blocking: true, docstring: "stream(duration=None, stream_type='obs')\n\nStream.", op_type: 'process', min_privs: 1 }]],
  };
}
