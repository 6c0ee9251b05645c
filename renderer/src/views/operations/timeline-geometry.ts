/** Pure geometry of the operation timeline: where segments sit in a window, axis ticks, colours by op code. */
import type { OpSegment } from '../../../../shared/operations.js';
import { opCodeName } from '../../logic/op-codes.js';

/** A segment placed in the window: left and width in percent of the strip. */
export interface PlacedSegment {
  segment: OpSegment;
  left: number;
  width: number;
}

/**
 * Places segments in [from, to]. In a live window the last segment is still going on: it reaches `now`.
 * Segments outside the window are dropped; a segment keeps at least a sliver so a short FAILED shows.
 */
export function placeSegments(segments: readonly OpSegment[], from: number, to: number, liveNow: number | null): PlacedSegment[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const placed: PlacedSegment[] = [];
  segments.forEach((segment, index) => {
    const end = liveNow !== null && index === segments.length - 1 ? Math.max(segment[1], liveNow) : segment[1];
    const start = Math.max(segment[0], from);
    const stop = Math.min(end, to);
    if (stop < start || (stop === start && end !== start)) return;
    const left = ((start - from) / span) * 100;
    placed.push({ segment, left, width: Math.max(((stop - start) / span) * 100, 0.25) });
  });
  return placed;
}

/** The strip colour of an op code: `ops-seg--running`, …, `ops-seg--unknown` (names from the grid's op-code logic). */
export function segmentClass(code: number): string {
  const name = opCodeName(code);
  return `ops-seg--${name.startsWith('CODE ') ? 'unknown' : name.toLowerCase()}`;
}

const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** Round tick times (Unix seconds) across [from, to], about `count` of them. */
export function axisTicks(from: number, to: number, count = 6): number[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const step = TICK_STEPS.find((candidate) => span / candidate <= count) ?? TICK_STEPS.at(-1)!;
  // Ticks fall on local-time multiples of the step (whole minutes, hours …).
  const offset = new Date(from * 1000).getTimezoneOffset() * 60;
  const ticks: number[] = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** The time at a horizontal fraction (0…1) of the window. */
export function timeAt(fraction: number, from: number, to: number): number {
  return from + Math.min(1, Math.max(0, fraction)) * (to - from);
}

/** `HH:MM` (or `HH:MM:SS` for short windows, with the day for windows over a day) of a tick. */
export function tickLabel(unixSeconds: number, span: number): string {
  const date = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (span <= 600) return `${hm}:${pad(date.getSeconds())}`;
  return span > 86_400 ? `${pad(date.getDate())}.${pad(date.getMonth() + 1)}. ${hm}` : hm;
}

/** A `datetime-local` input's value for a Unix time, and back (local time). */
export function toLocalInput(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(value: string): number | null {
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms / 1000 : null;
}
