/** Level and timestamp detection for one log line (pure functions; only the line's head is examined). */
import type { LogLevel } from '../../shared/logs.js';

/** How much of a line's head level and time detection look at: levels sit near the start in every format we know. */
const HEAD = 200;

const LEVEL_WORDS: Record<string, LogLevel> = {
  ERROR: 'ERROR',
  ERR: 'ERROR',
  CRITICAL: 'ERROR',
  CRIT: 'ERROR',
  FATAL: 'ERROR',
  WARNING: 'WARN',
  WARN: 'WARN',
  INFO: 'INFO',
  DEBUG: 'DEBUG',
  TRACE: 'DEBUG',
};
// Upper-case tokens anywhere in the head ("2024-… INFO …", "[WARNING]"), or lower-case ones only in an explicit
// position (`level=error`, `[error]`, `<warn>`): a bare lower-case "error" is usually message text.
const UPPER = /(?<![A-Za-z0-9_])(ERROR|ERR|CRITICAL|CRIT|FATAL|WARNING|WARN|INFO|DEBUG|TRACE)(?![A-Za-z0-9_])/;
const LOWER = /(?:level[=:]\s*"?|[[<(])(error|err|critical|crit|fatal|warning|warn|info|debug|trace)(?![a-z0-9_])/i;

/** The line's level token (ERROR/WARN/WARNING/INFO/DEBUG and their common synonyms), or null. */
export function detectLevel(line: string): LogLevel | null {
  const head = line.length > HEAD ? line.slice(0, HEAD) : line;
  const upper = UPPER.exec(head);
  const lower = LOWER.exec(head);
  // The earlier token wins: "INFO … ERROR in payload" is an INFO line.
  const first = upper && lower ? (upper.index <= lower.index ? upper[1] : lower[1]) : (upper?.[1] ?? lower?.[1]);
  return first ? LEVEL_WORDS[first.toUpperCase()] : null;
}

// ISO 8601 and its log variants: `2024-05-01T12:34:56.789Z`, `2024-05-01 12:34:56,789` (Python logging,
// supervisord), `2024-05-01T12:34:56+0000` (twisted, OCS agents), optional fraction and zone.
const ISO = /^[[(]?(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2})?/;
// syslog style `May  1 12:34:56` (no year: the current one is assumed).
const SYSLOG = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The line's leading timestamp as Unix milliseconds (local time when the line has no zone), or null. */
export function parseTimestamp(line: string): number | null {
  const head = line.length > 64 ? line.slice(0, 64) : line;
  const iso = ISO.exec(head);
  if (iso) return isoMillis(iso);
  const sys = SYSLOG.exec(head);
  if (sys) {
    const now = new Date();
    const time = new Date(now.getFullYear(), MONTHS.indexOf(sys[1]), Number(sys[2]), Number(sys[3]), Number(sys[4]), Number(sys[5])).getTime();
    return Number.isFinite(time) ? time : null;
  }
  return null;
}

function isoMillis(m: RegExpExecArray): number | null {
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const zone = m[8];
  if (!zone) return new Date(year, month - 1, day, hour, minute, second, ms).getTime();
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (zone === 'Z') return utc;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
