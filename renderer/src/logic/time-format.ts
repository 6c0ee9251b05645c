/** Durations and ages as the control room reads them: `1.2 s`, `42 s`, `3 min 5 s`, `2 h 10 min`. */

/** Formats a duration in seconds; below 10 s with one decimal. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  if (s < 3600) {
    const minutes = Math.floor(s / 60);
    const rest = Math.floor(s % 60);
    return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  if (s < 86_400) {
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
  }
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** Formats how long ago something happened, in whole units (`3 s ago`, `2 min ago`). */
export function formatAgo(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) return `${Math.floor(s)} s ago`;
  return `${formatDuration(s).replace(/ \d+ (s|min|h)$/, '')} ago`;
}

/** Formats the age of a heartbeat for the grid. */
export function formatAge(seconds: number): string {
  return formatDuration(seconds);
}

/** `HH:MM:SS` of a Unix time in the viewer's time zone (session messages). */
export function formatClock(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
