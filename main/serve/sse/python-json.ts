/**
 * JSON text as Python's `json.dumps` writes it with its defaults (the monitor's wire format, spec §2.3):
 * `", "` and `": "` separators, one line, non-ASCII escaped as `\uXXXX` (ensure_ascii).
 */

/** `value` (a JSON-compatible value) in Python's default `json.dumps` form. */
export function pythonJson(value: unknown): string {
  return asciiOnly(dump(value));
}

function dump(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(dump).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${dump(item)}`).join(', ')}}`;
  }
  // Numbers, strings, booleans: JSON.stringify already escapes quotes, backslashes and control characters.
  return JSON.stringify(value) ?? 'null';
}

function asciiOnly(text: string): string {
  // Outside string literals the text is ASCII already, so escaping everywhere only touches strings.
  return text.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
