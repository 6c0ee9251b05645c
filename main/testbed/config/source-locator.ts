/**
 * Finds the source line of a table or key in TOML text, so validation errors (which work on parsed
 * values) can name a line. A line scanner, not a parser: it understands `[a.b]` / `[[a.b]]` headers,
 * bare, quoted and dotted keys and comments, which covers every hand-written testbed file.
 */

/** A dotted key split into its segments, and where the key text ended. */
interface DottedKey {
  segments: string[];
  end: number;
}

const BARE_KEY = /^[A-Za-z0-9_-]+/;

/** Reads a dotted key (`a."b c".d`) starting at `start`; undefined when the text there is not a key. */
function readDottedKey(text: string, start: number): DottedKey | undefined {
  const segments: string[] = [];
  let i = start;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, i + 1);
      if (close < 0) return undefined;
      segments.push(text.slice(i + 1, close));
      i = close + 1;
    } else {
      const bare = BARE_KEY.exec(text.slice(i));
      if (!bare) return undefined;
      segments.push(bare[0]);
      i += bare[0].length;
    }
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] !== '.') return { segments, end: i };
    i++;
  }
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/** Every table header and key assignment of the text with its full path and 1-based line. */
function* entries(text: string): Generator<{ path: string[]; line: number; header: boolean }> {
  let table: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const trimmed = line.trimStart();
    const offset = line.length - trimmed.length;
    if (trimmed.startsWith('[')) {
      const array = trimmed.startsWith('[[');
      const key = readDottedKey(line, offset + (array ? 2 : 1));
      if (key && line[key.end] === ']') {
        table = key.segments;
        yield { path: table, line: index + 1, header: true };
      }
      continue;
    }
    const key = readDottedKey(line, offset);
    if (key && line[key.end] === '=') yield { path: [...table, ...key.segments], line: index + 1, header: false };
  }
}

/**
 * The 1-based line that best matches `path` (table segments followed by a key): the exact header or
 * assignment first, else the nearest enclosing one (an inline table holding the key), else the first
 * table nested under it. Undefined when the text never mentions the path.
 */
export function locatePath(text: string, path: readonly string[]): number | undefined {
  let enclosing: { line: number; depth: number } | undefined;
  let nested: number | undefined;
  for (const entry of entries(text)) {
    if (samePath(entry.path, path)) return entry.line;
    if (startsWith(path, entry.path) && (!enclosing || entry.path.length > enclosing.depth)) {
      enclosing = { line: entry.line, depth: entry.path.length };
    }
    if (nested === undefined && startsWith(entry.path, path)) nested = entry.line;
  }
  // A `[testbed]` header beats the document root (depth 0 never matches: every entry has a path).
  return enclosing?.line ?? nested;
}

/** The `[table]` header and key assigned on a given line (for naming the key of a TOML syntax error). */
export function describeLine(text: string, lineNumber: number): { table: string[]; key?: string } {
  let table: string[] = [];
  for (const entry of entries(text)) {
    if (entry.line > lineNumber) break;
    if (entry.header) table = entry.path;
    if (entry.line === lineNumber) {
      return entry.header ? { table: entry.path } : { table, key: entry.path.slice(table.length).join('.') };
    }
  }
  return { table };
}
