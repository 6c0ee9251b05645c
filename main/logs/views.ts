/** Windows, jump-to-time and the merged view over any LineSource (files and virtual sources alike). */
import type { LogLevel, LogLineView, LogWindowView, MergedLogLineView } from '../../shared/logs.js';
import { detectLevel, parseTimestamp } from './line-parse.js';
import type { RawLine } from './log-file.js';
import type { LineSource } from './line-source.js';

/** Most lines a level-filtered window scans per request. */
const LEVEL_SCAN_LIMIT = 100_000;
/** How far past a line without timestamp jump and merge look for one. */
const TIME_PROBE = 20;

/** One raw line as the renderer gets it. */
export function lineView(n: number, raw: RawLine): LogLineView {
  const view: LogLineView = { n, text: raw.text, level: detectLevel(raw.text), time: parseTimestamp(raw.text) };
  if (raw.cut) view.cut = true;
  return view;
}

/** `count` lines from `fromLine`, or with `levels` the next `count` lines of those levels (scanning at most 100,000). */
export async function readWindow(sourceId: string, source: LineSource, fromLine: number, count: number, levels?: LogLevel[]): Promise<LogWindowView> {
  const lines: LogLineView[] = [];
  let next = fromLine;
  if (!levels?.length) {
    const raw = await source.readLines(fromLine, count);
    raw.forEach((r, k) => lines.push(lineView(fromLine + k, r)));
    next = fromLine + raw.length;
  } else {
    const wanted = new Set(levels);
    while (lines.length < count && next - fromLine < LEVEL_SCAN_LIMIT) {
      const raw = await source.readLines(next, 2000);
      let k = 0;
      for (; k < raw.length && lines.length < count; k++) {
        const view = lineView(next + k, raw[k]);
        if (view.level && wanted.has(view.level)) lines.push(view);
      }
      next += k;
      if (raw.length < 2000) break;
    }
  }
  const state = source.state();
  const past = fromLine > state.totalLines;
  return { sourceId, ...state, lines, nextLine: next, rotated: past && state.rotations > 0, truncated: past && state.truncations > 0 };
}

/** The first timestamp at or after line n (within TIME_PROBE lines), with its line. */
async function timeAt(source: LineSource, n: number, probe = TIME_PROBE): Promise<{ line: number; time: number } | null> {
  const raw = await source.readLines(n, probe);
  for (let k = 0; k < raw.length; k++) {
    const time = parseTimestamp(raw[k].text);
    if (time !== null) return { line: n + k, time };
  }
  return null;
}

/** The first line whose timestamp is ≥ time (binary search: timestamps are assumed ascending), the last line when none is; null without timestamps. */
export async function jumpToTime(source: LineSource, time: number): Promise<number | null> {
  await source.whenIndexed();
  const total = source.totalLines();
  if (total === 0 || (await timeAt(source, 1, 1000)) === null) return null;
  let lo = 1;
  let hi = total;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const at = await timeAt(source, mid);
    // No timestamp near mid: treat it as late, the search narrows to the left half.
    if (at !== null && at.time < time) lo = Math.max(mid + 1, at.line + 1);
    else hi = mid;
  }
  // Lines without a timestamp are no answer: the first timestamped line from lo is.
  return Math.min((await timeAt(source, lo))?.line ?? lo, total);
}

type Cursor = Record<string, [line: number, lastTime: number | null]>;

/** Lines of several sources ordered by time (stable: ties keep source order); lines without a timestamp inherit the previous one's. */
export async function readMerged(
  sources: Array<{ id: string; source: LineSource }>,
  count: number,
  fromTime: number | undefined,
  cursorText: string | undefined,
): Promise<{ lines: MergedLogLineView[]; cursor: string | null }> {
  const cursor = parseCursor(cursorText);
  const batches = await Promise.all(
    sources.map(async ({ id, source }) => {
      await source.whenIndexed();
      const start = cursor[id]?.[0] ?? (fromTime === undefined ? 1 : ((await jumpToTime(source, fromTime)) ?? 1));
      const raw = await source.readLines(start, count);
      let last = cursor[id]?.[1] ?? null;
      const lines = raw.map((r, k) => {
        const view = lineView(start + k, r);
        last = view.time ?? last;
        return { ...view, sourceId: id, sortTime: last ?? -Infinity };
      });
      return { id, start, lines, used: 0, total: source.totalLines() };
    }),
  );
  const out: MergedLogLineView[] = [];
  while (out.length < count) {
    let best = -1;
    for (let b = 0; b < batches.length; b++) {
      const batch = batches[b];
      if (batch.used >= batch.lines.length) continue;
      if (best === -1 || batch.lines[batch.used].sortTime < batches[best].lines[batches[best].used].sortTime) best = b;
    }
    if (best === -1) break;
    const { sortTime: _sortTime, ...line } = batches[best].lines[batches[best].used++];
    out.push(line);
  }
  const next: Cursor = {};
  let more = false;
  for (const batch of batches) {
    const line = batch.start + batch.used;
    const lastTime = batch.used > 0 ? batch.lines[batch.used - 1].sortTime : (cursor[batch.id]?.[1] ?? null);
    next[batch.id] = [line, Number.isFinite(lastTime) ? lastTime : null];
    if (line <= batch.total) more = true;
  }
  return { lines: out, cursor: more ? JSON.stringify(next) : null };
}

function parseCursor(text: string | undefined): Cursor {
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object') return {};
    // A cursor comes back from the renderer: keep only well-formed entries.
    const ok = (v: unknown): v is [number, number | null] => Array.isArray(v) && Number.isInteger(v[0]) && v[0] >= 1 && (v[1] === null || Number.isFinite(v[1]));
    return Object.fromEntries(Object.entries(value).filter(([, v]) => ok(v))) as Cursor;
  } catch {
    return {};
  }
}
