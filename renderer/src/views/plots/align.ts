/** Puts several series on one time axis for uPlot: `[t, y1, y2, …]` with null where a series has no point. */
import type { SeriesPoints } from '../../stores/plots-store.js';

export type AlignedData = [number[], ...Array<Array<number | null>>];

/** Index of the first time ≥ `since` (binary search; `t` ascending). */
export function firstIndexAtOrAfter(t: readonly number[], since: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points at or after `since` of every series on the union of their times. Series of one OCS
 * block share their timestamps, so the common case is a plain slice (no merge).
 */
export function alignSeries(series: readonly SeriesPoints[], since: number): AlignedData {
  if (series.length === 0) return [[]];
  const starts = series.map((s) => firstIndexAtOrAfter(s.t, since));
  const shared = series.every((s, i) => s.t.length - starts[i] === series[0].t.length - starts[0] && s.t[s.t.length - 1] === series[0].t[series[0].t.length - 1]);
  if (shared) return [series[0].t.slice(starts[0]), ...series.map((s, i) => s.v.slice(starts[i]))];
  const times = new Set<number>();
  series.forEach((s, i) => {
    for (let k = starts[i]; k < s.t.length; k++) times.add(s.t[k]);
  });
  const xs = [...times].sort((a, b) => a - b);
  const columns = series.map((s, i) => {
    const out: Array<number | null> = new Array<number | null>(xs.length).fill(null);
    let k = starts[i];
    for (let x = 0; x < xs.length && k < s.t.length; x++) {
      if (s.t[k] === xs[x]) out[x] = s.v[k++];
    }
    return out;
  });
  return [xs, ...columns];
}
