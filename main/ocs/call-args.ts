import { runtimeError, type WampCallError } from './errors.js';

/** A Python function signature: positional-or-keyword names (self excluded), how many are required, and **kwargs. */
export interface PySignature {
  qualname: string;
  names: readonly string[];
  required: number;
  varKeywords: boolean;
}

/** `OCSAgent._ops_handler(self, action, op_name, params=None, timeout=None, password=None)` */
export const OPS_HANDLER_SIGNATURE: PySignature = {
  qualname: 'OCSAgent._ops_handler',
  names: ['action', 'op_name', 'params', 'timeout', 'password'],
  required: 2,
  varKeywords: false,
};

/** `OCSAgent._management_handler(self, q, **kwargs)` */
export const MANAGEMENT_HANDLER_SIGNATURE: PySignature = {
  qualname: 'OCSAgent._management_handler',
  names: ['q'],
  required: 1,
  varKeywords: true,
};

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

function tooManyPositional(sig: PySignature, given: number): WampCallError {
  // Python counts `self` on both sides of this message.
  const max = sig.names.length + 1;
  const min = sig.required + 1;
  const takes = min === max ? `${max} positional ${plural(max, 'argument', 'arguments')}` : `from ${min} to ${max} positional arguments`;
  return runtimeError(`${sig.qualname}() takes ${takes} but ${given + 1} ${plural(given + 1, 'was', 'were')} given`);
}

function missingPositional(sig: PySignature, missing: string[]): WampCallError {
  const quoted = missing.map((name) => `'${name}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')}${quoted.length > 2 ? ',' : ''} and ${quoted[quoted.length - 1]}`;
  const noun = plural(missing.length, 'argument', 'arguments');
  return runtimeError(`${sig.qualname}() missing ${missing.length} required positional ${noun}: ${list}`);
}

/**
 * Binds WAMP args/kwargs to a Python signature the way CPython does, throwing the same TypeError
 * texts (as `wamp.error.runtime_error`) a Python agent would send back: unexpected or duplicate
 * keywords first, then too many positionals, then missing required ones.
 */
export function bindPythonArgs(sig: PySignature, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  sig.names.forEach((name, i) => {
    if (i < args.length) bound[name] = args[i];
  });
  for (const [key, value] of Object.entries(kwargs)) {
    const index = sig.names.indexOf(key);
    if (index < 0) {
      if (sig.varKeywords) continue;
      throw runtimeError(`${sig.qualname}() got an unexpected keyword argument '${key}'`);
    }
    if (index < args.length) throw runtimeError(`${sig.qualname}() got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  if (args.length > sig.names.length) throw tooManyPositional(sig, args.length);
  const missing = sig.names.slice(0, sig.required).filter((name) => !(name in bound));
  if (missing.length > 0) throw missingPositional(sig, missing);
  return bound;
}

/** An `{agent}.ops` call after binding: the three caller layouts all end up here. */
export interface OpsCall {
  action: unknown;
  opName: unknown;
  params: unknown;
  timeout: unknown;
  password: unknown;
}

/**
 * Accepts all three argument layouts of §1.2: `[action, op, params]` (+ `timeout`/`password` kwargs),
 * `[action, op]` + `{params, timeout}`, and ocs-web's `[action, op, []]`.
 */
export function parseOpsCall(args: readonly unknown[] | undefined, kwargs: Readonly<Record<string, unknown>> | undefined): OpsCall {
  const bound = bindPythonArgs(OPS_HANDLER_SIGNATURE, args ?? [], kwargs ?? {});
  return {
    action: bound.action,
    opName: bound.op_name,
    params: bound.params ?? null,
    timeout: bound.timeout ?? null,
    password: bound.password ?? null,
  };
}

/** The `q` of a management call (`["get_api"]` or `{q: "get_api"}`); other kwargs are accepted and ignored. */
export function parseManagementCall(args: readonly unknown[] | undefined, kwargs: Readonly<Record<string, unknown>> | undefined): unknown {
  return bindPythonArgs(MANAGEMENT_HANDLER_SIGNATURE, args ?? [], kwargs ?? {}).q;
}
