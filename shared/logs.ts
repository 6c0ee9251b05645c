/**
 * The local log viewer's contract (issue 7): log sources, line windows, search, follow, merged view
 * and jump-to-time. Plain TypeScript shared by main (main/logs, main/station/logs-service.ts) and the
 * renderer; the request schemas live in ipc-schemas.ts, the channels in ipc.ts.
 *
 * Line numbers are 1-based everywhere (as `grep -n` and editors count). Main indexes files
 * incrementally and only ever sends windows of at most LOGS_MAX_WINDOW lines.
 */

/** Most lines one `logs:window` / `logs:merged` answer carries. */
export const LOGS_MAX_WINDOW = 2000;
/** Most matching line numbers one `logs:search` answer carries. */
export const LOGS_MAX_SEARCH_PAGE = 5000;
/** Most new lines one `logs:appended` push carries per source (the renderer re-reads a window when it needs more). */
export const LOGS_MAX_APPENDED = 500;

/** Levels the viewer filters on; WARNING, FATAL and CRITICAL map to WARN/ERROR, TRACE to DEBUG. */
export type LogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
export const LOG_LEVELS: readonly LogLevel[] = ['ERROR', 'WARN', 'INFO', 'DEBUG'];

/**
 * Where a source comes from (tabs group by it):
 * - `supervisor`: a supervisord program's stdout/stderr log (testbed supervisor dir), or supervisord's own log;
 * - `agent`: a station agent's log lines from the store (virtual: no file; line numbers are row order);
 * - `script`: one script run's stored output (virtual);
 * - `router`: the router's / station's own log file;
 * - `ocs`: a file in an OCS log directory from the site config (`log-dir`);
 * - `file`: a file the user opened with `logs:open`.
 */
export type LogSourceKind = 'supervisor' | 'agent' | 'script' | 'router' | 'ocs' | 'file';

/** One entry of `logs:sources`. */
export interface LogSourceView {
  /** Stable opaque id (`file:<hash>`, `agent:<name>`, `script:<runId>`); what every other channel takes. */
  id: string;
  kind: LogSourceKind;
  /** Short title for a tab, e.g. `fastmon (stderr)`, `agent-manager`, `run 12: take_iv`. */
  title: string;
  /** Absolute path for file-backed sources, null for virtual ones. */
  path: string | null;
  /** For supervisor sources: which stream. */
  stream?: 'stdout' | 'stderr';
  /** Bytes on disk (file sources) or null (virtual). */
  bytes: number | null;
  /** Unix seconds of the last modification, or null when unknown. */
  modified: number | null;
  /** False when the file is missing right now (e.g. a program that never ran). */
  exists: boolean;
}

/** One line of a window. */
export interface LogLineView {
  /** 1-based line number within its source. */
  n: number;
  /** The line's text without its newline (decoded as UTF-8; lines longer than 64 KiB are cut, see `cut`). */
  text: string;
  /** Detected level token, or null. */
  level: LogLevel | null;
  /** Parsed timestamp (Unix milliseconds) of the line, or null when none parses. */
  time: number | null;
  /** True when `text` was cut at 64 KiB. */
  cut?: boolean;
}

/** In the merged view each line also names its source. */
export interface MergedLogLineView extends LogLineView {
  sourceId: string;
}

/** File state that every window / push carries, so the renderer can react to rotation and truncation. */
export interface LogFileState {
  /** Lines indexed so far (complete lines, plus a last line without newline). */
  totalLines: number;
  /** Bytes indexed so far. */
  bytes: number;
  /** False while the initial index is still being built (totalLines grows; the scrollbar is provisional). */
  indexed: boolean;
  /** Incremented each time the file was rotated (renamed / replaced) and the viewer switched to the new file. */
  rotations: number;
  /** Incremented each time the file shrank and the index restarted. */
  truncations: number;
}

export interface LogWindowRequest {
  sourceId: string;
  /** 1-based first line; past the end gives an empty window. */
  fromLine: number;
  /** ≤ LOGS_MAX_WINDOW. */
  count: number;
  /** Only lines of these levels (lines without a level are dropped); the window then scans forward from `fromLine` until `count` lines match. */
  levels?: LogLevel[];
}

export interface LogWindowView extends LogFileState {
  sourceId: string;
  lines: LogLineView[];
  /** The line after the last one read: where the next window starts (with `levels`, up to 100,000 lines are scanned per request). */
  nextLine: number;
  /** True when `fromLine` lies before a rotation/truncation point the index no longer holds (the renderer should reload). */
  rotated: boolean;
  truncated: boolean;
}

export interface LogSearchRequest {
  sourceId: string;
  query: string;
  regex: boolean;
  caseSensitive: boolean;
  /** Only matching lines of these levels. */
  levels?: LogLevel[];
  /** 1-based line to start from (inclusive for `next`, exclusive upper bound for `prev`); default: start (next) / end (prev). */
  fromLine?: number;
  direction: 'next' | 'prev';
  /** Most line numbers to return (≤ LOGS_MAX_SEARCH_PAGE). */
  limit: number;
}

export interface LogSearchResult {
  sourceId: string;
  /** Matching lines in the whole file (every line counted once, like `grep -c`). */
  total: number;
  /** Matching line numbers from `fromLine` in `direction`, ascending for `next`, descending for `prev`, at most `limit`. */
  lines: number[];
  /** Lines the search covered (the file's line count when it ran). */
  scannedLines: number;
  /** Milliseconds the search took. */
  elapsedMs: number;
}

export interface LogFollowRequest {
  sourceId: string;
  /** True: `logs:appended` pushes start; false: they stop (the renderer turns it off when the user scrolls up). */
  follow: boolean;
}

/** Pushed (batched, ~100 ms) while a source is followed. */
export interface LogAppendedPush extends LogFileState {
  sourceId: string;
  /** The last ≤ LOGS_MAX_APPENDED lines added since the previous push (older ones are read with `logs:window`). */
  newLines: LogLineView[];
  /** How many lines were added since the previous push (≥ newLines.length). */
  added: number;
  /** True when this push follows a rotation or truncation (the renderer should drop its old lines). */
  reset: boolean;
}

export interface LogMergedRequest {
  /** 2..16 sources. */
  sourceIds: string[];
  /** Unix milliseconds to start from; default the earliest line of all sources. Ignored when `cursor` is given. */
  fromTime?: number;
  /** The previous page's `cursor` (opaque), to continue exactly where it ended (ties in time are not repeated). */
  cursor?: string;
  /** ≤ LOGS_MAX_WINDOW. */
  count: number;
}

export interface LogMergedView {
  /** Ordered by time; lines without a timestamp inherit the previous line's of the same source (tracebacks stay together). */
  lines: MergedLogLineView[];
  /** Pass as `cursor` for the next page; null when every source is exhausted (follow: ask again later). */
  cursor: string | null;
}

export interface LogJumpRequest {
  sourceId: string;
  /** Unix milliseconds. */
  time: number;
}

export interface LogJumpResult {
  sourceId: string;
  /** The first line whose timestamp is ≥ time (lines without timestamps inherit the previous one's), or the last line; null when the source has no timestamps. */
  line: number | null;
}
