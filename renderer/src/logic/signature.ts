/**
 * Reads the parameter list from the first line of an OCS op docstring, e.g.
 * `delay_task(delay=5, succeed=True, note='x', limit=None)`, so the Start form can offer typed inputs.
 */

/** How an input is edited and how its text is turned into a parameter value. */
export type ParamKind = 'int' | 'float' | 'bool' | 'str' | 'auto';

export interface ParamSpec {
  name: string;
  kind: ParamKind;
  /** Default as the form shows it (a bool default is 'true' / 'false'); null when the signature gives none. */
  defaultText: string | null;
  /** The default as a value (None → null); undefined when the signature gives none. */
  defaultValue?: unknown;
}

export interface Signature {
  name: string;
  params: ParamSpec[];
}

const SIGNATURE_LINE = /^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*:?\s*$/;

/** Parses the docstring's first non-empty line; null when it is not a `name(...)` signature. */
export function parseSignature(docstring: string | null | undefined): Signature | null {
  if (!docstring) return null;
  const firstLine = docstring.split('\n').find((line) => line.trim() !== '');
  const match = firstLine ? SIGNATURE_LINE.exec(firstLine) : null;
  if (!match) return null;
  const params: ParamSpec[] = [];
  for (const part of splitTopLevel(match[2])) {
    const param = parseParam(part);
    if (param) params.push(param);
  }
  return { name: match[1], params };
}

/** Splits on commas that are not inside quotes or brackets. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') {
        current += ch + (text[i + 1] ?? '');
        i += 1;
        continue;
      }
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if ('([{'.includes(ch)) {
      depth += 1;
    } else if (')]}'.includes(ch)) {
      depth -= 1;
    } else if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts.filter((part) => part !== '');
}

function parseParam(part: string): ParamSpec | null {
  // `self`, `*args`, `**kwargs` and the bare `*` separator are not form fields.
  if (part.startsWith('*') || part === 'self' || part === '/') return null;
  const eq = findTopLevelEquals(part);
  const head = eq === -1 ? part : part.slice(0, eq);
  const name = head.split(':')[0].trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) return null;
  if (eq === -1) return { name, kind: 'auto', defaultText: null };
  return { name, ...classifyDefault(part.slice(eq + 1).trim()) };
}

function findTopLevelEquals(part: string): number {
  let quote: string | null = null;
  for (let i = 0; i < part.length; i += 1) {
    const ch = part[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '=') return i;
  }
  return -1;
}

function classifyDefault(literal: string): Omit<ParamSpec, 'name'> {
  if (/^[+-]?\d+$/.test(literal)) return { kind: 'int', defaultText: String(Number(literal)), defaultValue: Number(literal) };
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/.test(literal)) {
    return { kind: 'float', defaultText: literal, defaultValue: Number(literal) };
  }
  if (literal === 'True' || literal === 'False') {
    return { kind: 'bool', defaultText: literal === 'True' ? 'true' : 'false', defaultValue: literal === 'True' };
  }
  const quoted = /^(['"])(.*)\1$/s.exec(literal);
  if (quoted) {
    const text = quoted[2].replace(/\\(['"\\])/g, '$1');
    return { kind: 'str', defaultText: text, defaultValue: text };
  }
  // None, lists, dicts and expressions: a free text field whose text is read as JSON when it parses.
  if (literal === 'None') return { kind: 'auto', defaultText: '', defaultValue: null };
  return { kind: 'auto', defaultText: pythonLiteralToJson(literal), defaultValue: undefined };
}

/** Best-effort: `[1, 'a', True]` → `[1, "a", true]`, so list defaults prefill as JSON. */
function pythonLiteralToJson(literal: string): string {
  return literal
    .replace(/'([^'\\]*)'/g, '"$1"')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/\bNone\b/g, 'null')
    .replace(/,\s*([\]}])/g, '$1')
    .replace(/^\((.*)\)$/s, '[$1]');
}
