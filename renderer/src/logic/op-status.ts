/** The one-line status of an operation: `idle`, `starting`, `running (1.2 s)`, `stopping`, `done – OK – 3 s ago`. */
import type { EncodedSession } from '../../../shared/ocs-codes.js';
import { formatAgo, formatDuration } from './time-format.js';

export type StatusTone = 'idle' | 'active' | 'ok' | 'error';

export interface StatusLine {
  text: string;
  tone: StatusTone;
}

/** Builds the status line of a session at server time `now` (Unix seconds). */
export function opStatusLine(session: EncodedSession | null, now: number): StatusLine {
  if (!session) return { text: 'idle', tone: 'idle' };
  switch (session.status) {
    case 'starting':
      return { text: 'starting', tone: 'active' };
    case 'running':
      return { text: `running (${formatDuration(now - session.start_time)})`, tone: 'active' };
    case 'stopping':
      return { text: 'stopping', tone: 'active' };
    case 'done': {
      const ended = session.end_time ?? session.start_time;
      const outcome = session.success ? 'OK' : 'ERROR';
      return { text: `done – ${outcome} – ${formatAgo(now - ended)}`, tone: session.success ? 'ok' : 'error' };
    }
    default:
      return { text: 'idle', tone: 'idle' };
  }
}

/** True while the op is between start and done: the browser polls op:status then. */
export function isActive(session: EncodedSession | null): boolean {
  return session !== null && (session.status === 'starting' || session.status === 'running' || session.status === 'stopping');
}
