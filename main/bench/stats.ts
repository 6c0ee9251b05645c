/** Value at quantile `q` (0..1) of an ascending-sorted sample, by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Median and 99th percentile of latency samples (milliseconds). */
export function latencySummary(samplesMs: readonly number[]): { median: number; p99: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

/** Rounds to `digits` decimals (keeps the JSON report readable without losing meaningful precision). */
export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
