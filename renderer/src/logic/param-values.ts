/** Turns the Start form's texts into typed op parameters, with errors that name the field. */
import type { ParamSpec } from './signature.js';

export type ParamResult = { ok: true; params: Record<string, unknown> } | { ok: false; error: string };

/**
 * Converts form texts keyed by parameter name. Empty fields are left out, so the agent applies its own
 * default; bool fields always send their value.
 */
export function buildParams(specs: readonly ParamSpec[], texts: Readonly<Record<string, string>>): ParamResult {
  const params: Record<string, unknown> = {};
  for (const spec of specs) {
    const text = (texts[spec.name] ?? spec.defaultText ?? '').trim();
    if (spec.kind === 'bool') {
      params[spec.name] = text === 'true';
      continue;
    }
    if (text === '') continue;
    const converted = convert(spec, text);
    if (!converted.ok) return converted;
    params[spec.name] = converted.value;
  }
  return { ok: true, params };
}

function convert(spec: ParamSpec, text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  switch (spec.kind) {
    case 'int':
      return /^[+-]?\d+$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, error: `${spec.name}: "${text}" is not an integer` };
    case 'float': {
      const value = Number(text);
      return Number.isFinite(value) ? { ok: true, value } : { ok: false, error: `${spec.name}: "${text}" is not a number` };
    }
    case 'str':
      return { ok: true, value: text };
    default:
      return { ok: true, value: parseAuto(text) };
  }
}

/** Untyped fields: JSON when the text is JSON (numbers, true/false/null, lists, objects, "quoted"), else the text itself. */
export function parseAuto(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Parses the free-form params box used when the docstring has no signature. */
export function parseParamsJson(text: string): ParamResult {
  if (text.trim() === '') return { ok: true, params: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return { ok: true, params: value as Record<string, unknown> };
    return { ok: false, error: 'params: expected a JSON object such as {"delay": 2}' };
  } catch (error) {
    return { ok: false, error: `params: not valid JSON (${(error as Error).message})` };
  }
}
