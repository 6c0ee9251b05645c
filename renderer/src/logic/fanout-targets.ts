/**
 * The per-slot picture of a fan-out from the MultiSmurfManager's op session: session.data is
 * `{op_name, stream_ids, sessions: {stream_id: encoded controller session}}`.
 */
import type { EncodedSession } from '../../../shared/ocs-codes.js';
import { opStatusLine, type StatusLine } from './op-status.js';

export interface FanoutTarget {
  streamId: string;
  /** The controller's session for this op, null while the manager has none for it yet. */
  session: EncodedSession | null;
  status: StatusLine;
  /** Why the manager counts this target as failed (`data.failed[stream_id]`: expired, refused, timed out, lost …). */
  failure: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSession(value: unknown): value is EncodedSession {
  return isRecord(value) && typeof value.status === 'string' && typeof value.start_time === 'number';
}

/** Sessions by stream id from the manager's session.data (anything malformed is skipped, not trusted). */
export function targetSessions(managerSession: EncodedSession | null): Record<string, EncodedSession> {
  const sessions = isRecord(managerSession?.data) ? managerSession.data.sessions : null;
  const result: Record<string, EncodedSession> = {};
  if (!isRecord(sessions)) return result;
  for (const [streamId, value] of Object.entries(sessions)) if (isSession(value)) result[streamId] = value;
  return result;
}

/** Stream ids the manager targeted (its `stream_ids` list), falling back to the ones requested. */
export function targetIds(managerSession: EncodedSession | null, requested: readonly string[]): string[] {
  const data = managerSession?.data;
  const listed = isRecord(data) && Array.isArray(data.stream_ids) ? data.stream_ids.filter((id): id is string => typeof id === 'string') : [];
  const ids = new Set([...(listed.length > 0 ? listed : requested), ...Object.keys(targetSessions(managerSession))]);
  return [...ids];
}

/**
 * One row per target. A target without a session reads `waiting` while the fan-out runs and
 * `not started` once the manager is done (e.g. expired at start).
 */
export function fanoutTargets(managerSession: EncodedSession | null, requested: readonly string[], now: number): FanoutTarget[] {
  const sessions = targetSessions(managerSession);
  const failures = targetFailures(managerSession);
  const managerDone = managerSession?.status === 'done';
  return targetIds(managerSession, requested).map((streamId) => {
    const session = sessions[streamId] ?? null;
    const failure = failures[streamId] ?? null;
    let status: StatusLine;
    if (session) status = opStatusLine(session, now);
    else if (failure !== null) status = { text: 'failed', tone: 'error' };
    else status = managerDone ? { text: 'not started', tone: 'error' } : { text: 'waiting', tone: 'active' };
    // A session that ended fine can still count as failed (e.g. it overran the timeout): the manager's verdict wins.
    if (failure !== null && status.tone === 'ok') status = { text: status.text.replace('OK', 'FAILED'), tone: 'error' };
    return { streamId, session, status, failure };
  });
}

/** The manager's per-target failure reasons (`data.failed`). */
export function targetFailures(managerSession: EncodedSession | null): Record<string, string> {
  const failed = isRecord(managerSession?.data) ? managerSession.data.failed : null;
  const result: Record<string, string> = {};
  if (isRecord(failed)) for (const [streamId, reason] of Object.entries(failed)) if (typeof reason === 'string') result[streamId] = reason;
  return result;
}

/** The op's own last word: the newest message that is not a "Status is now" note. */
export function lastMessage(session: EncodedSession | null): string | null {
  const messages = session?.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const text = messages[i][1];
    if (!text.startsWith('Status is now')) return text;
  }
  return null;
}
