import { isAlias, isScalar, isSeq, type Document } from 'yaml';

// PyYAML (YAML 1.1) number forms: a float needs a '.', so `1e3` stays a string there.
const PY_FLOAT = /^[-+]?(\d[\d_]*)?\.[\d_]*([eE][-+]\d+)?$/;
const PY_INT = /^[-+]?(0|[1-9][\d_]*|0[0-7_]+|0x[\da-fA-F_]+|0b[01_]+)$/;

/**
 * Flattens an instance's `arguments` node (nested lists allowed) into the strings Python's
 * `parse_args` builds with `str()` of each PyYAML value: `[['--rate', 2.0], yes]` gives
 * `['--rate', '2.0', 'True']`. Works on the YAML nodes, because `1.0` and `1` differ only there.
 */
export function argumentStrings(node: unknown, doc: Document): string[] {
  const out: string[] = [];
  const visit = (item: unknown): void => {
    if (isAlias(item)) return visit(item.resolve(doc));
    if (isSeq(item)) item.items.forEach(visit);
    else if (isScalar(item)) out.push(scalarText(item.value, item.source));
  };
  visit(node);
  return out;
}

function scalarText(value: unknown, source: string | undefined): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value !== 'number') return String(value);
  const text = (source ?? String(value)).trim();
  if (PY_FLOAT.test(text)) return pyFloat(value);
  if (PY_INT.test(text)) return String(value);
  // Anything else numeric to the yaml package (1e3, .inf spelled oddly ...) is a str to PyYAML.
  return text;
}

/** Python's str() of a float for the values a config holds: `2.0`, `0.5`, `1e-05`, `inf`. */
function pyFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
