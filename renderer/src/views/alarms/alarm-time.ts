/** `2026-11-23 14:02:11` for an alarm's Unix-ms time, in the viewer's zone. */
export function alarmTime(unixMs: number | null): string {
  if (unixMs === null) return '—';
  const date = new Date(unixMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Where an active alarm stands: raised (condition holds), cleared (latched, waiting for the ack), acknowledged. */
export function alarmState(alarm: { clearedAt: number | null; ackedAt: number | null; finishedAt: number | null }): string {
  if (alarm.finishedAt !== null) return alarm.ackedAt !== null ? 'acknowledged' : 'cleared';
  if (alarm.ackedAt !== null) return 'acknowledged, still active';
  return alarm.clearedAt !== null ? 'cleared, needs acknowledge' : 'active';
}
