/** Log search in the renderer: the query as a RegExp (for highlighting the visible lines), and next/previous over the match list main found. */

export interface SearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

export type CompiledQuery = { ok: true; re: RegExp } | { ok: false; error: string } | null;

/** Escapes a plain query for use in a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The query as a global RegExp; null for an empty query; `{ok:false}` with the engine's message for a bad regex. */
export function compileQuery(query: SearchQuery): CompiledQuery {
  if (query.text === '') return null;
  try {
    return { ok: true, re: new RegExp(query.regex ? query.text : escapeRegExp(query.text), query.caseSensitive ? 'g' : 'gi') };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error) };
  }
}

export interface Segment {
  text: string;
  match: boolean;
}

/** Splits a line into plain and matching segments; empty matches (`a*`, `^`) are skipped so they highlight nothing and never loop. */
export function highlightSegments(text: string, re: RegExp | null): Segment[] {
  if (!re) return [{ text, match: false }];
  const segments: Segment[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex += 1;
      if (re.lastIndex > text.length) break;
      continue;
    }
    if (m.index > last) segments.push({ text: text.slice(last, m.index), match: false });
    segments.push({ text: m[0], match: true });
    last = m.index + m[0].length;
  }
  if (last < text.length || segments.length === 0) segments.push({ text: text.slice(last), match: false });
  return segments;
}

/** Index of the first element of sorted `lines` that is ≥ `line` (lines.length when none). */
export function lowerBound(lines: readonly number[], line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid] < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The match to go to next, as an index into the sorted match lines: from the current match one step
 * forward or back (wrapping around), or, with no current match, the first one at/after `fromLine`
 * (forward) or before it (backward). -1 when there are no matches.
 */
export function stepMatch(lines: readonly number[], current: number | null, fromLine: number, direction: 1 | -1): number {
  const n = lines.length;
  if (n === 0) return -1;
  if (current !== null && current >= 0 && current < n) return (current + direction + n) % n;
  const at = lowerBound(lines, fromLine);
  if (direction === 1) return at % n;
  return (at - 1 + n) % n;
}

/** "3 of 120", "120 matches", "no matches", with "+" when main stopped counting at its limit. */
export function matchCountText(total: number, current: number | null, capped: boolean): string {
  if (total === 0) return 'no matches';
  const count = `${total}${capped ? '+' : ''}`;
  if (current === null || current < 0) return `${count} match${total === 1 && !capped ? '' : 'es'}`;
  return `${current + 1} of ${count}`;
}
