/**
 * The PysmurfController's operations (smurf.md §1.4, socs main), as data: the controller registers
 * them, the MultiSmurfManager re-registers each with an extra `stream_ids` param, and the UI marks
 * the dangerous ones. Upstream defects are not carried over: `run_in_main_process` is spelled right,
 * `bias_dets` has its own lock job, `zero_biases` really waits for the biases to be zeroed.
 */
import type { ParamType } from '../../ocs/params.js';

export interface OpParamSpec {
  key: string;
  /** OCS param type (ocs `param(type=…)`); absent = any JSON value. */
  type?: ParamType;
  /** Default when the caller omits the key (or passes null). `undefined` with `required` = must be given. */
  default?: unknown;
  required?: boolean;
  choices?: readonly unknown[];
}

export interface ControllerOpSpec {
  name: string;
  kind: 'task' | 'process';
  params: readonly OpParamSpec[];
  /** Job name held on the controller's single lock while it runs; null = runs without the lock. */
  lockJob: string | null;
  /** Message of a successful finish (upstream texts). */
  doneMessage: string;
  /** First docstring paragraph after the signature line. */
  summary: string;
  /** Starts when the agent starts. */
  startup?: boolean;
  /** Changes the detectors' state irreversibly for the running observation: the UI asks before running it. */
  dangerous?: boolean;
}

const kwargs: OpParamSpec = { key: 'kwargs', type: 'dict', default: null };
const tag: OpParamSpec = { key: 'tag', type: 'str', default: null };
const inMain: OpParamSpec = { key: 'run_in_main_process', type: 'bool', default: false };

export const CONTROLLER_OPS: readonly ControllerOpSpec[] = [
  {
    name: 'run',
    kind: 'task',
    params: [
      { key: 'script', type: 'str', required: true },
      { key: 'args', type: 'list', default: [] },
      // true → agent log and session messages; a path → appended there with timestamps; false → not logged.
      { key: 'log', default: true },
    ],
    lockJob: null, // run holds the lock under the script path as its job (upstream), set at run time
    doneMessage: 'Script has finished with exit code {rc}',
    summary: 'Run a script from the allowed script directories with the given arguments.',
  },
  { name: 'abort', kind: 'task', params: [], lockJob: null, doneMessage: 'Aborting process', summary: 'Abort the running script and its whole process tree.' },
  {
    name: 'tune_squids',
    kind: 'task',
    params: [
      { key: 'args', type: 'list', default: [] },
      { key: 'log', default: true },
    ],
    lockJob: null, // like run: the tune script's path is the job
    doneMessage: 'Script has finished with exit code {rc}',
    summary: 'Run the configured SQUID tuning script.',
  },
  {
    name: 'check_state',
    kind: 'process',
    params: [
      { key: 'poll_interval', type: 'float', default: 10 },
      { key: 'test_mode', type: 'bool', default: false },
    ],
    lockJob: null,
    doneMessage: 'Finished checking state',
    summary: "Poll the slot's state (stream on/off, active channels, last action) and publish it with the stream id.",
    startup: true,
  },
  {
    name: 'stream',
    kind: 'process',
    params: [
      { key: 'duration', type: 'float', default: null },
      kwargs,
      { key: 'load_tune', type: 'bool', default: true },
      { key: 'stream_type', type: 'str', default: 'obs', choices: ['obs', 'oper'] },
      { key: 'subtype', type: 'str', default: null },
      tag,
      { key: 'test_mode', type: 'bool', default: false },
    ],
    lockJob: 'stream',
    doneMessage: 'Finished streaming data',
    summary: 'Stream data from the slot until stopped or for `duration` seconds.',
  },
  { name: 'uxm_setup', kind: 'task', params: [{ key: 'bands', type: 'list', default: null }, kwargs, inMain], lockJob: 'uxm_setup', doneMessage: 'Finished UXM Setup', summary: 'Set up the UXM: find resonators, tune and track.' },
  { name: 'uxm_relock', kind: 'task', params: [{ key: 'bands', type: 'list', default: null }, kwargs, inMain], lockJob: 'uxm_relock', doneMessage: 'Finished UXM Relock', summary: 'Relock the UXM on an existing tune.' },
  { name: 'take_noise', kind: 'task', params: [{ key: 'duration', type: 'float', default: 30.0 }, kwargs, tag, inMain], lockJob: 'take_noise', doneMessage: 'Finished taking noise', summary: 'Take a noise timestream and analyse it.' },
  { name: 'take_bgmap', kind: 'task', params: [kwargs, tag, inMain], lockJob: 'take_bgmap', doneMessage: 'Finished taking bgmap', summary: 'Take a bias-group map.' },
  { name: 'take_iv', kind: 'task', params: [kwargs, tag, inMain], lockJob: 'take_iv', doneMessage: 'Finished taking IV', summary: 'Take an IV curve and analyse it.' },
  {
    name: 'take_bias_steps',
    kind: 'task',
    params: [kwargs, { key: 'rfrac_range', type: 'list', default: [0.2, 0.9] }, tag, inMain],
    lockJob: 'bias_steps',
    doneMessage: 'Finished taking bias steps',
    summary: 'Take bias steps and analyse them.',
  },
  { name: 'bias_dets', kind: 'task', params: [{ key: 'rfrac', type: 'list', default: [0.3, 0.6] }, kwargs], lockJob: 'bias_dets', doneMessage: 'Finished biasing detectors', summary: 'Bias the detectors into the given Rfrac range.' },
  {
    name: 'set_biases',
    kind: 'task',
    params: [{ key: 'bias', required: true }, { key: 'bgs', type: 'list', default: null }],
    lockJob: 'set_biases',
    doneMessage: 'Finished setting biases to {bias}',
    summary: 'Set the TES bias of the given bias groups (all 12 when bgs is None).',
    dangerous: true,
  },
  { name: 'zero_biases', kind: 'task', params: [{ key: 'bgs', type: 'list', default: null }], lockJob: 'zero_biases', doneMessage: 'Finished zeroing biases', summary: 'Set the TES bias of the given bias groups to zero.', dangerous: true },
  {
    name: 'all_off',
    kind: 'task',
    params: [
      { key: 'disable_amps', type: 'bool', default: true },
      { key: 'disable_tones', type: 'bool', default: true },
    ],
    lockJob: 'all_off',
    doneMessage: 'Everything off',
    summary: 'Turn off tones, flux ramp and (optionally) the amplifiers.',
    dangerous: true,
  },
];

/** Ops the UI asks to confirm before running them on any slot. */
export { DANGEROUS_SMURF_OPS } from '../../../shared/smurf.js';
