/**
 * The MultiSmurfManager's fan-out ops, derived from the controller's op table: every controller op
 * (except `check_state`, which each controller runs for itself) with the controller's params plus
 * the manager-only `stream_ids`, `timeout`, `min_successes` and `mode`.
 */
import { CONTROLLER_OPS, type ControllerOpSpec, type OpParamSpec } from '../pysmurf-controller/op-specs.js';
import { param, type ParamDecl } from '../../ocs/params.js';
import { pyRepr } from '../../ocs/py-format.js';

export type FanOutMode = 'parallel' | 'serial';

/** The manager-only params of a fan-out op, after checking. */
export interface FanOutSettings {
  /** Explicit targets, or null = every live controller. */
  streamIds: string[] | null;
  /** Per-target seconds, or null = no timeout. */
  timeoutS: number | null;
  /** Successes needed for overall success, or null = every target. */
  minSuccesses: number | null;
  mode: FanOutMode;
}

/** One fan-out op as the manager registers it. */
export interface FanOutOpSpec {
  name: string;
  kind: 'task' | 'process';
  /** Declared params: the controller's (optional, forwarded only when given) then the manager's. */
  params: ParamDecl[];
  /** Controller param keys, in order (what may be forwarded). */
  controllerKeys: string[];
  docstring: string;
  dangerous: boolean;
}

/** Keys the manager consumes itself; never forwarded to a controller. */
export const MANAGER_PARAM_KEYS = ['stream_ids', 'timeout', 'min_successes', 'mode'] as const;

/** Controller ops the manager does not fan out. */
const NOT_FANNED_OUT = new Set(['check_state']);

const MANAGER_PARAMS: ParamDecl[] = [
  param('stream_ids', { type: 'list', default: null }),
  param('timeout', { type: 'float', default: null, check: (v) => (v as number) > 0 }),
  param('min_successes', { type: 'int', default: null, check: (v) => (v as number) >= 0 }),
  param('mode', { type: 'str', default: 'parallel', choices: ['parallel', 'serial'] }),
];

const MANAGER_DOC = `    stream_ids (list, optional): stream ids of the target controllers; default: every live controller.
    timeout (float, optional): seconds each target may take; a target still running then is aborted
        (tasks) or stopped (processes) and counted as failed. Default: no timeout.
    min_successes (int, optional): targets that must succeed for the fan-out to succeed; default: all.
    mode (str, optional): 'parallel' (default) starts every target at once; 'serial' runs them one
        after another.`;

// Controller params are optional here: a value is forwarded only when the caller gave it, so the
// controller applies its own defaults (which the docstring shows) and checks what it receives.
function controllerDecl(spec: OpParamSpec): ParamDecl {
  const decl: ParamDecl = { key: spec.key };
  if (spec.type) decl.type = spec.type;
  if (spec.choices) decl.choices = [...spec.choices];
  if (!spec.required) decl.default = null;
  return decl;
}

// Python shows a float default as 30.0; JSON numbers do not keep the distinction.
function defaultText(spec: OpParamSpec): string {
  return spec.type === 'float' && Number.isInteger(spec.default) ? `${String(spec.default)}.0` : pyRepr(spec.default);
}

function signature(spec: ControllerOpSpec): string {
  const controller = spec.params.map((p) => (p.required ? p.key : `${p.key}=${defaultText(p)}`));
  return `${spec.name}(${[...controller, 'stream_ids=None', 'timeout=None', 'min_successes=None', "mode='parallel'"].join(', ')})`;
}

function docstringOf(spec: ControllerOpSpec): string {
  const kind = spec.kind === 'task' ? '**Task** (abortable)' : '**Process**';
  const ending = spec.kind === 'task' ? 'Aborting it aborts the targets.' : 'Stopping it stops the targets.';
  return (
    `${signature(spec)}\n\n${kind} - Run the PysmurfController's \`${spec.name}\` on many controllers at once ` +
    `and wait for all of them. ${spec.summary} ${ending}\n\n` +
    `session.data: {op_name, stream_ids, mode, sessions: {stream_id: controller session}, failed: {stream_id: reason}, ` +
    `expired: [stream_id], succeeded: [stream_id], addresses: {stream_id: address}}\n\n` +
    `Parameters:\n${spec.params.length ? `    ${spec.params.map((p) => p.key).join(', ')}: as the controller's \`${spec.name}\`.\n` : ''}${MANAGER_DOC}`
  );
}

/** The fan-out ops, in the controller table's order. */
export const FAN_OUT_OPS: readonly FanOutOpSpec[] = CONTROLLER_OPS.filter((spec) => !NOT_FANNED_OUT.has(spec.name)).map((spec) => ({
  name: spec.name,
  kind: spec.kind,
  params: [...spec.params.map(controllerDecl), ...MANAGER_PARAMS],
  controllerKeys: spec.params.map((p) => p.key),
  docstring: docstringOf(spec),
  dangerous: spec.dangerous === true,
}));

/** The fan-out op called `name`, if any. */
export function fanOutOp(name: unknown): FanOutOpSpec | undefined {
  return FAN_OUT_OPS.find((op) => op.name === name);
}

/**
 * Splits checked params into what goes to the controllers (only values the caller gave, i.e. not
 * null) and the manager's own settings. Throws with a clear text on a bad `stream_ids`.
 */
export function splitParams(op: FanOutOpSpec, params: Record<string, unknown>): { forward: Record<string, unknown>; settings: FanOutSettings } {
  const forward: Record<string, unknown> = {};
  for (const key of op.controllerKeys) if (params[key] !== null && params[key] !== undefined) forward[key] = params[key];
  const ids = params.stream_ids;
  if (ids !== null && ids !== undefined) {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id === '')) {
      throw new Error(`stream_ids must be a list of non-empty strings, got ${JSON.stringify(ids)}`);
    }
  }
  return {
    forward,
    settings: {
      streamIds: Array.isArray(ids) ? [...new Set(ids as string[])] : null,
      timeoutS: typeof params.timeout === 'number' ? params.timeout : null,
      minSuccesses: typeof params.min_successes === 'number' ? params.min_successes : null,
      mode: params.mode === 'serial' ? 'serial' : 'parallel',
    },
  };
}
