/**
 * Plain and regex search over a log file, streamed in 4 MiB line-aligned chunks, counting matching
 * lines like `grep -c` and returning one page of line numbers like `grep -n`. Regexes are matched
 * per line (a match never spans a newline), as grep does.
 */
import { isAscii } from 'node:buffer';
import type { LogSearchRequest, LogSearchResult } from '../../shared/logs.js';
import { detectLevel } from './line-parse.js';
import type { LogFile } from './log-file.js';

const CHUNK = 4 * 1024 * 1024;
const SEGMENT = 256 * 1024;

/** A search request without its source: what one file is searched for. */
export type SearchOptions = Omit<LogSearchRequest, 'sourceId'>;

/** A compiled query: a byte needle for case-sensitive plain text, else a regex (global+multiline to find candidates, plain to confirm on one line). */
export interface Matcher {
  needle: Buffer | null;
  scan: RegExp;
  line: RegExp;
}

/** Compiles a query; throws an Error with a readable message for a bad regex or a newline in the query. */
export function compileQuery(query: string, regex: boolean, caseSensitive: boolean): Matcher {
  if (query.includes('\n')) throw new Error('a search query cannot contain a newline');
  const source = regex ? query : query.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const flags = caseSensitive ? '' : 'i';
  try {
    return { needle: !regex && caseSensitive ? Buffer.from(query, 'utf8') : null, scan: new RegExp(source, `gm${flags}`), line: new RegExp(source, flags) };
  } catch (error) {
    throw new Error(`invalid regular expression: ${(error as Error).message}`);
  }
}

/**
 * Collects the total and one page of keys (line numbers, or byte offsets of matches in a file, turned
 * into line numbers at the end): next = the first `limit` ≥ from; prev = the last `limit` < from.
 */
export class PageCollector {
  total = 0;
  private readonly page: number[] = [];
  private ring = 0;

  constructor(
    private readonly from: number | undefined,
    private readonly direction: 'next' | 'prev',
    private readonly limit: number,
  ) {}

  add(key: number): void {
    this.total++;
    if (this.direction === 'next') {
      if ((this.from === undefined || key >= this.from) && this.page.length < this.limit) this.page.push(key);
    } else if (this.from === undefined || key < this.from) {
      // A ring of the last `limit` keys seen: prev pages keep the newest ones.
      if (this.page.length < this.limit) this.page.push(key);
      else this.page[this.ring++ % this.limit] = key;
    }
  }

  /** The page: ascending for next, descending for prev. */
  keys(): number[] {
    if (this.direction === 'next') return this.page;
    const cut = this.page.length < this.limit ? 0 : this.ring % this.limit;
    return this.page.slice(cut).concat(this.page.slice(0, cut)).reverse();
  }
}

/** Searches the whole file (after its index reaches the end); lines are 1-based. */
export async function searchFile(file: LogFile, options: SearchOptions): Promise<Omit<LogSearchResult, 'sourceId'>> {
  const started = performance.now();
  const matcher = compileQuery(options.query, options.regex, options.caseSensitive);
  await file.whenIndexed();
  const end = file.bytes;
  // Keys are byte offsets of matches: no line lookup per match, only for the page at the end.
  const from = options.fromLine === undefined ? undefined : (file.starts.get(options.fromLine - 1) ?? end + 1);
  const collect = new PageCollector(from, options.direction, options.limit);
  const wanted = options.levels?.length ? new Set(options.levels) : null;
  const accept: Accept = wanted
    ? (offset, text) => {
        const level = detectLevel(text());
        if (level && wanted.has(level)) collect.add(offset);
      }
    : (offset) => collect.add(offset);
  let buf = Buffer.allocUnsafe(CHUNK);
  for (let pos = 0; pos < end; ) {
    let chunk = await file.read(pos, Math.min(buf.length, end - pos), buf);
    if (chunk.length === 0) break;
    if (pos + chunk.length < end) {
      const last = chunk.lastIndexOf(NL);
      // A line longer than the buffer: grow it and read again.
      if (last === -1) {
        buf = Buffer.allocUnsafe(buf.length * 2);
        continue;
      }
      chunk = chunk.subarray(0, last + 1);
    }
    scanChunk(chunk, pos, matcher, accept);
    pos += chunk.length;
  }
  const lines = collect.keys().map((offset) => file.lineOf(offset) + 1);
  return { total: collect.total, lines, scannedLines: file.totalLines(), elapsedMs: Math.round(performance.now() - started) };
}

const NL = 0x0a;

/** Called once per matching line with a key (byte offset in the file, or line index) and the line's text on demand. */
type Accept = (key: number, text: () => string) => void;

/** One line-aligned chunk starting at byte `pos`. */
function scanChunk(chunk: Buffer, pos: number, matcher: Matcher, accept: Accept): void {
  if (matcher.needle) {
    const needle = matcher.needle;
    for (let p = chunk.indexOf(needle, 0); p !== -1; ) {
      const lineEnd = chunk.indexOf(NL, p);
      const at = p;
      accept(pos + p, () => chunk.toString('utf8', chunk.lastIndexOf(NL, at) + 1, lineEnd === -1 ? chunk.length : lineEnd));
      if (lineEnd === -1) break;
      // Counted once per line, as grep -c does: continue at the next line.
      p = chunk.indexOf(needle, lineEnd + 1);
    }
    return;
  }
  for (let s = 0; s < chunk.length; ) {
    let e = Math.min(s + SEGMENT, chunk.length);
    if (e < chunk.length) e = chunk.lastIndexOf(NL, e - 1) + 1;
    if (e <= s) e = chunk.indexOf(NL, s) + 1 || chunk.length;
    const segment = chunk.subarray(s, e);
    if (isAscii(segment)) scanAscii(segment, pos + s, matcher, accept);
    else scanSegmentLines(segment, pos + s, matcher, accept);
    s = e;
  }
}

/** ASCII text: a latin1 string whose indices are byte offsets; the regex finds candidates, each confirmed on its own line. */
function scanAscii(segment: Buffer, pos: number, matcher: Matcher, accept: Accept): void {
  const text = segment.toString('latin1');
  const scan = matcher.scan;
  scan.lastIndex = 0;
  while (scan.lastIndex < text.length) {
    const match = scan.exec(text);
    // An empty match after the final newline (`^$`, `x*`) is past the last line, not a line of its own.
    if (!match || match.index >= text.length) return;
    // At index 0 lastIndexOf would look at index 0 itself (an empty first line): the line starts there.
    const a = match.index === 0 ? 0 : text.lastIndexOf('\n', match.index - 1) + 1;
    const b = text.indexOf('\n', match.index);
    const lineText = text.slice(a, b === -1 ? text.length : b);
    if (matcher.line.test(lineText)) accept(pos + a, () => lineText);
    if (b === -1) return;
    scan.lastIndex = b + 1;
  }
}

/** Non-ASCII text: line by line on the UTF-8 decoding (a newline byte is always a newline character). */
function scanSegmentLines(segment: Buffer, pos: number, matcher: Matcher, accept: Accept): void {
  for (let a = 0; a < segment.length; ) {
    const nl = segment.indexOf(NL, a);
    const b = nl === -1 ? segment.length : nl;
    const text = segment.toString('utf8', a, b);
    if (matcher.line.test(text)) accept(pos + a, () => text);
    a = b + 1;
  }
}
