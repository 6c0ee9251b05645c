import type { MainMemory } from '../../shared/ipc.js';
import { quantile, round } from './stats.js';

/** Main's memory at one soak sample (MB): RSS from /proc, the rest as main reports it (app:info). */
export interface SoakMemorySample {
  t_s: number;
  rss_mb: number;
  main: MainMemory | null;
}

export interface SoakMemoryFigures {
  /** The target's figure: median RSS of the last quarter after warm-up vs the first quarter. */
  rss_growth_pct_after_warmup: number;
  rss_mb: { after_warmup: number; end: number };
  /**
   * RSS saw-tooths with garbage collection: the lowest sample of each quarter is closest to what main
   * really holds, so its growth separates a leak from a collector that lets garbage pile up longer.
   */
  rss_trough_mb: { after_warmup: number; end: number; growth_pct: number };
  /** The JS heap's troughs likewise (heapUsed right after a collection is the live set). */
  heap_used_trough_mb: { after_warmup: number; end: number; growth_pct: number };
  /** Medians per quarter: buffers and C++ objects held by JS (external) and the heap V8 has reserved. */
  external_mb: { after_warmup: number; end: number };
  heap_total_mb: { after_warmup: number; end: number };
}

/** The first and last quarter (at least 3 samples each) of the samples after warm-up. */
export function warmWindows<T extends { t_s: number }>(samples: readonly T[], warmupMs: number): { first: T[]; last: T[] } {
  const warm = samples.filter((sample) => sample.t_s * 1000 >= warmupMs);
  const size = Math.max(3, Math.floor(warm.length / 4));
  return { first: warm.slice(0, size), last: warm.slice(-size) };
}

/** RSS growth after warm-up by medians (the target) and by troughs, with the JS heap's share of it. */
export function soakMemoryFigures(samples: readonly SoakMemorySample[], warmupMs: number): SoakMemoryFigures {
  const { first, last } = warmWindows(samples, warmupMs);
  const pick = (window: readonly SoakMemorySample[], value: (sample: SoakMemorySample) => number | undefined) =>
    window.map(value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const median = (values: number[]) => round(quantile(values, 0.5), 1);
  const lowest = (values: number[]) => (values.length ? values[0] : Number.NaN);
  const growth = (from: number, to: number) => round(((to - from) / from) * 100, 2);
  const pair = (value: (sample: SoakMemorySample) => number | undefined, of: (values: number[]) => number) => {
    const [after_warmup, end] = [of(pick(first, value)), of(pick(last, value))];
    return { after_warmup, end };
  };
  const rss = pair((sample) => sample.rss_mb, median);
  const rssTrough = pair((sample) => sample.rss_mb, lowest);
  const heapTrough = pair((sample) => sample.main?.heapUsed, lowest);
  return {
    rss_growth_pct_after_warmup: growth(rss.after_warmup, rss.end),
    rss_mb: rss,
    rss_trough_mb: { ...rssTrough, growth_pct: growth(rssTrough.after_warmup, rssTrough.end) },
    heap_used_trough_mb: { ...heapTrough, growth_pct: growth(heapTrough.after_warmup, heapTrough.end) },
    external_mb: pair((sample) => sample.main?.external, median),
    heap_total_mb: pair((sample) => sample.main?.heapTotal, median),
  };
}
