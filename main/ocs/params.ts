import { pyClass, pyRepr, pyStr } from './py-format.js';

/** Python type names an op param can be checked against (`@ocs_agent.param(key, type=...)`). */
export type ParamType = 'float' | 'int' | 'str' | 'bool' | 'list' | 'dict' | 'tuple';

/** A cast applied before type/choices/check: a Python builtin by name, or any function. */
export type ParamCast = ParamType | ((value: unknown) => unknown);

/** One declared op parameter (the TS form of upstream's `@ocs_agent.param` decorator). */
export interface ParamDecl {
  key: string;
  /** Value used when the param is absent (or null, unless treatNoneAsMissing is false); absent = required. */
  default?: unknown;
  type?: ParamType;
  cast?: ParamCast;
  /** Allowed values, checked after casting. */
  choices?: unknown[];
  /** Validity check; returning false rejects the value. */
  check?: (value: unknown) => boolean;
  /** Treat `{key: null}` like an absent key (default true, as upstream). */
  treatNoneAsMissing?: boolean;
}

/** Special key that turns off the unexpected-params check (upstream `@param('_no_check_strays')`). */
export const NO_CHECK_STRAYS = '_no_check_strays';

/** A ParamError carries the exact text OCS clients see in the `[-1, msg, {}]` reply. */
export class ParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamError';
  }
}

/** Builds a param declaration: `param('delay', { default: 5, type: 'float' })`. */
export function param(key: string, options: Omit<ParamDecl, 'key'> = {}): ParamDecl {
  return { key, ...options };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function castLabel(cast: ParamCast): string {
  return typeof cast === 'string' ? pyClass(cast) : `<function ${cast.name || '<lambda>'}>`;
}

// Python's float()/int()/str()/bool() builtins, for the cases JSON values can reach.
function applyBuiltinCast(type: ParamType, value: unknown): unknown {
  switch (type) {
    case 'float': {
      if (typeof value === 'number') return value;
      if (typeof value === 'boolean') return value ? 1 : 0;
      const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
      if (Number.isNaN(parsed) && String(value).trim().toLowerCase() !== 'nan') throw new Error('cannot cast');
      return parsed;
    }
    case 'int': {
      if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value.trim());
      throw new Error('cannot cast');
    }
    case 'str':
      return pyStr(value);
    case 'bool':
      if (Array.isArray(value)) return value.length > 0;
      if (isPlainObject(value)) return Object.keys(value).length > 0;
      return Boolean(value);
    case 'list':
    case 'tuple':
      if (Array.isArray(value)) return [...value];
      if (typeof value === 'string') return [...value];
      if (isPlainObject(value)) return Object.keys(value);
      throw new Error('cannot cast');
    case 'dict':
      if (isPlainObject(value)) return { ...value };
      throw new Error('cannot cast');
  }
}

/** isinstance(value, type) for JSON values; like Python, bools count as ints (and so may become floats). */
function matchesType(type: ParamType, value: unknown): boolean {
  switch (type) {
    case 'float':
      return typeof value === 'number';
    case 'int':
      // JSON cannot tell 2 from 2.0: any integral number counts as int.
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
    case 'str':
      return typeof value === 'string';
    case 'bool':
      return typeof value === 'boolean';
    case 'list':
    case 'tuple':
      return Array.isArray(value);
    case 'dict':
      return isPlainObject(value);
  }
}

function containsValue(choices: unknown[], value: unknown): boolean {
  const key = JSON.stringify(value);
  return choices.some((choice) => choice === value || JSON.stringify(choice) === key);
}

/** Extracts and checks one param exactly like upstream ParamHandler.get (same order, same texts). */
export function getParam(params: Record<string, unknown>, decl: ParamDecl): unknown {
  const { key } = decl;
  const present = Object.prototype.hasOwnProperty.call(params, key);
  let value = present ? params[key] : null;
  if (value === undefined) value = null;
  const isUnset = value === null && ((decl.treatNoneAsMissing ?? true) || !present);
  if (isUnset) {
    if (!('default' in decl)) throw new ParamError(`Param '${key}' is required and must not be None`);
    value = decl.default ?? null;
  }
  if (value === null) return null;
  if (decl.cast !== undefined) {
    try {
      value = typeof decl.cast === 'string' ? applyBuiltinCast(decl.cast, value) : decl.cast(value);
    } catch {
      throw new ParamError(`Param '${key}'=${pyStr(value)} could not be cast to ${castLabel(decl.cast)}.`);
    }
  }
  if (decl.type !== undefined) {
    // Python's free int→float cast: True becomes 1.0 as well, since bool is an int subclass.
    if (decl.type === 'float' && typeof value === 'boolean') value = value ? 1 : 0;
    if (!matchesType(decl.type, value)) {
      throw new ParamError(`Param '${key}'=${pyStr(value)} is not of required type (${pyClass(decl.type)})`);
    }
  }
  if (decl.choices !== undefined && !containsValue(decl.choices, value)) {
    throw new ParamError(`Param '${key}'=${pyStr(value)} is not in allowed set (${pyRepr(decl.choices)})`);
  }
  if (decl.check !== undefined && !decl.check(value)) {
    throw new ParamError(`Param '${key}' failed validity check (see docs?).`);
  }
  return value;
}

/**
 * Runs the declared params over the client's params (upstream ParamHandler.batch): fills defaults,
 * checks types, and rejects keys nobody declared unless `_no_check_strays` is declared.
 * Throws ParamError with upstream's texts.
 */
export function prescreenParams(decls: readonly ParamDecl[], params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const checked = new Set<string>();
  let checkStrays = true;
  for (const decl of decls) {
    if (decl.key === '_') continue;
    if (decl.key === NO_CHECK_STRAYS) {
      checkStrays = false;
      continue;
    }
    checked.add(decl.key);
    out[decl.key] = getParam(params, decl);
  }
  if (checkStrays) {
    const strays = Object.keys(params).filter((key) => !checked.has(key));
    if (strays.length > 0) throw new ParamError(`params included unexpected values: ${pyRepr(strays)}`);
  }
  return out;
}

/**
 * Normalises what a caller sent as params: null/absent and ocs-web's `[]` become `{}`.
 * Anything else that is not a dict is rejected with a ParamError.
 */
export function normalizeParams(raw: unknown): Record<string, unknown> {
  if (raw === null || raw === undefined) return {};
  if (Array.isArray(raw) && raw.length === 0) return {};
  if (isPlainObject(raw)) return raw;
  throw new ParamError(`params must be a dict, not ${pyStr(raw)}`);
}

/** The call-signature line of a docstring, e.g. `delay_task(delay=5, succeed=True)`. */
export function signatureLine(opName: string, decls: readonly ParamDecl[] | undefined): string {
  const parts = (decls ?? [])
    .filter((d) => d.key !== '_' && d.key !== NO_CHECK_STRAYS)
    .map((d) => ('default' in d ? `${d.key}=${pyRepr(d.default)}` : d.key));
  return `${opName}(${parts.join(', ')})`;
}
