/**
 * The operation monitor's data shapes (the Grafana operation panel, built in): the recorded op-code
 * changes of every agent's operations, the current grid and timeline strips over a window.
 * Plain TypeScript only (shared by main and the renderer).
 */

/** One recorded op-code change of one operation of one agent, as the station saw it. */
export interface OpHistoryRecord {
  /** Row id in the station store (increasing with time of recording). */
  id: number;
  agent: string;
  agentClass: string | null;
  op: string;
  /** OCS op code (shared/ocs-codes.ts OpCode); 7 when the agent expired. */
  code: number;
  /** Session id and status, when the station knows them (from its own op requests); status otherwise follows the code. */
  sessionId: number | null;
  status: string | null;
  /** The session's start and end (Unix seconds), when known. */
  startedAt: number | null;
  endedAt: number | null;
  /** When the station saw the change (Unix seconds). */
  at: number;
}

/** One operation's cell in the grid. */
export interface OpGridCell {
  code: number;
  /** When the station saw this code begin (Unix seconds); null if it was there before anything was recorded. */
  since: number | null;
}

/** One agent's row in the grid: its operations with their current codes. */
export interface OpGridRow {
  address: string;
  agentClass: string | null;
  expired: boolean;
  ops: Record<string, OpGridCell>;
}

/**
 * One timeline segment: `[start, end, code, recordId]` (Unix seconds, clipped to the window).
 * recordId is the op_history row that began it (ops:record gives the row).
 */
export type OpSegment = [start: number, end: number, code: number, recordId: number];

/** The segments of one (agent, op) over the window, in time order. */
export interface OpStrip {
  agent: string;
  agentClass: string | null;
  op: string;
  segments: OpSegment[];
}

/** The answer of ops:timeline. */
export interface OpTimeline {
  from: number;
  to: number;
  strips: OpStrip[];
  /** True when the result hit its size bound (more strips or segments exist than were returned). */
  truncated: boolean;
}

/** The status string that an op code implies (OpSession.op_code in reverse), or null. */
export function statusOfCode(code: number): string | null {
  switch (code) {
    case 2:
      return 'starting';
    case 3:
    case 8:
      return 'running';
    case 4:
      return 'stopping';
    case 5:
    case 6:
      return 'done';
    default:
      return null;
  }
}

/** A change as the segment builder needs it. */
export interface OpChangePoint {
  id: number;
  code: number;
  at: number;
}

/**
 * Segments of one operation over [from, to] from the change in force at `from` (or null) and the
 * changes inside the window (ascending `at`): each change ends the previous segment; a repeated code
 * extends the segment (a restart may re-record the same code); the last segment ends at `to`.
 */
export function segmentsFrom(entering: OpChangePoint | null, changes: readonly OpChangePoint[], from: number, to: number): OpSegment[] {
  const segments: OpSegment[] = [];
  if (!(to > from)) return segments;
  let open: OpSegment | null = entering ? [from, to, entering.code, entering.id] : null;
  for (const change of changes) {
    if (change.at <= from) {
      // A change at exactly `from` (or one the caller did not filter) replaces the entering state.
      open = [from, to, change.code, change.id];
      continue;
    }
    if (change.at > to) break;
    if (open && open[2] === change.code) continue;
    // Two changes at the same instant: the later one wins, no zero-length segment.
    if (open && change.at > open[0]) segments.push([open[0], change.at, open[2], open[3]]);
    open = [change.at, to, change.code, change.id];
  }
  if (open && open[1] > open[0]) segments.push(open);
  return segments;
}
