/** How audit entries read in the table: time, who, a one-line parameter summary, result and duration. */
import type { AuditEntry } from '../../../../shared/audit.js';
import { formatDuration } from '../../logic/time-format.js';

/** Request keys already shown in the target column. */
const IN_TARGET = new Set(['address', 'op', 'name', 'executionId']);
const SUMMARY_MAX = 120;

/** `2026-11-23 14:02:11` in the viewer's zone. */
export function auditTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `alice · bridge 127.0.0.1`. */
export function auditWho(entry: AuditEntry): string {
  return `${entry.user} · ${entry.client}`;
}

/** `12 ms` below a second, else the control room's durations (`1.2 s`, `3 min 5 s`). */
export function auditDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000);
}

/** `ok`, or `error: agent_error`. */
export function auditResult(entry: AuditEntry): string {
  return entry.ok ? 'ok' : `error: ${entry.errorCode ?? 'error'}`;
}

/** `setpoint=5 ramp_rate=0.5`: the parameters not in the target (op params unfolded), cut to one line. */
export function paramsSummary(entry: AuditEntry): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown) => parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  for (const [key, value] of Object.entries(entry.params)) {
    if (IN_TARGET.has(key)) continue;
    // op:start's and testbed:run's own parameters are what the user typed: show them flat.
    if (key === 'params' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) add(inner, innerValue);
    } else add(key, value);
  }
  const text = parts.join(' ');
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}
