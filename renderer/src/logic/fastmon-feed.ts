/** Pure helpers of the live fastmon panel: the bounded TF feed, its filter, per-second series and number formats. */
import type { FastmonRunView, FastmonTfView } from '../../../shared/fastmon.js';

/** TFs the feed keeps in memory (at 1,000 TF/s: the last 20 s); older ones stay in the store. */
export const TF_LIMIT = 20_000;
/** TFs buffered while the feed is paused; beyond this the oldest buffered ones are dropped (and counted). */
export const PENDING_LIMIT = 20_000;
/** Seconds of history the rate and volume charts keep. */
export const SERIES_SECONDS = 600;
/** Runs whose series are kept (newest run numbers win). */
export const SERIES_RUNS = 50;

export interface TfFilter {
  /** Case-insensitive part of the TF or STF file name; '' matches all. */
  text: string;
  /** Only this run; null matches all. */
  run: number | null;
}

/** One second of TFs: how many TF files arrived and their bytes. */
export interface SeriesBucket {
  /** Unix seconds. */
  t: number;
  tfs: number;
  bytes: number;
}

/** Per-second buckets of the last SERIES_SECONDS, ascending, and the totals since the panel started. */
export interface Series {
  buckets: SeriesBucket[];
  totalTfs: number;
  totalBytes: number;
  /** TFs whose size is unknown (their STF carried none): not in the byte counts. */
  unsized: number;
}

export const EMPTY_SERIES: Series = Object.freeze({ buckets: [], totalTfs: 0, totalBytes: 0, unsized: 0 }) as Series;

/** `list` + `batch`, keeping the last `limit`; returns how many were dropped from the front. */
export function appendCapped<T>(list: readonly T[], batch: readonly T[], limit: number): { list: T[]; dropped: number } {
  const total = list.length + batch.length;
  if (total <= limit) return { list: list.concat(batch), dropped: 0 };
  const dropped = total - limit;
  // Only the tail survives: never copy the whole old list when the batch alone fills it.
  const kept = dropped >= list.length ? batch.slice(dropped - list.length) : list.slice(dropped).concat(batch);
  return { list: kept, dropped };
}

/** Sort key: store row id when known, else the time (messages without a usable tf_file_id). */
const order = (tf: FastmonTfView) => tf.tfId ?? Number.MAX_SAFE_INTEGER;

/** Union by TF file name (a reload overlaps the pushes), ordered by row id, the last `limit` kept. */
export function mergeTfs(previous: readonly FastmonTfView[], next: readonly FastmonTfView[], limit = TF_LIMIT): FastmonTfView[] {
  const byName = new Map(previous.map((tf) => [tf.tfFilename, tf]));
  // A pushed view knows its message id: it wins over the same TF read from the store.
  for (const tf of next) if (!byName.get(tf.tfFilename)?.messageId) byName.set(tf.tfFilename, tf);
  const merged = [...byName.values()].sort((a, b) => order(a) - order(b) || a.at - b.at);
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}

/** Whether a TF passes the feed's filter. `needle` is the lower-cased filter text. */
export function matchesTf(tf: FastmonTfView, run: number | null, needle: string): boolean {
  if (run !== null && tf.runNumber !== run) return false;
  return needle === '' || tf.tfFilename.toLowerCase().includes(needle) || tf.stfFilename.toLowerCase().includes(needle);
}

/** The feed's rows: the same array when nothing filters (no copy of 20,000 rows per batch). */
export function filterTfs(tfs: readonly FastmonTfView[], filter: TfFilter): readonly FastmonTfView[] {
  const needle = filter.text.trim().toLowerCase();
  if (filter.run === null && needle === '') return tfs;
  return tfs.filter((tf) => matchesTf(tf, filter.run, needle));
}

/** `series` with `tfs` counted into their seconds (one copy of the bucket list per batch). */
export function addToSeries(series: Series, tfs: readonly FastmonTfView[]): Series {
  if (tfs.length === 0) return series;
  const buckets = series.buckets.slice();
  let { totalTfs, totalBytes, unsized } = series;
  for (const tf of tfs) {
    const t = Math.floor(tf.at / 1000);
    const bytes = tf.sizeBytes ?? 0;
    totalTfs += 1;
    totalBytes += bytes;
    if (tf.sizeBytes === null) unsized += 1;
    // Pushes arrive in time order: the last bucket, or a new one after it, almost always.
    let index = buckets.length - 1;
    while (index >= 0 && buckets[index].t > t) index -= 1;
    if (index >= 0 && buckets[index].t === t) buckets[index] = { t, tfs: buckets[index].tfs + 1, bytes: buckets[index].bytes + bytes };
    else buckets.splice(index + 1, 0, { t, tfs: 1, bytes });
  }
  const newest = buckets[buckets.length - 1].t;
  const first = buckets.findIndex((bucket) => bucket.t > newest - SERIES_SECONDS);
  return { buckets: first > 0 ? buckets.slice(first) : buckets, totalTfs, totalBytes, unsized };
}

/** Series per run (key = run number) and over all runs (key 'all'), the oldest runs' dropped beyond SERIES_RUNS. */
export function addToAllSeries(all: Readonly<Record<string, Series>>, tfs: readonly FastmonTfView[]): Record<string, Series> {
  if (tfs.length === 0) return all as Record<string, Series>;
  const byRun = new Map<number, FastmonTfView[]>();
  for (const tf of tfs) {
    const list = byRun.get(tf.runNumber);
    if (list) list.push(tf);
    else byRun.set(tf.runNumber, [tf]);
  }
  const next: Record<string, Series> = { ...all, all: addToSeries(all.all ?? EMPTY_SERIES, tfs) };
  for (const [run, list] of byRun) next[run] = addToSeries(next[run] ?? EMPTY_SERIES, list);
  const runs = Object.keys(next).filter((key) => key !== 'all').map(Number).sort((a, b) => b - a);
  for (const run of runs.slice(SERIES_RUNS)) delete next[run];
  return next;
}

/** Points of the charts: TF/s and bytes/s per second, and cumulative bytes (ending at the series' total). */
export function chartPoints(series: Series): { t: number[]; tfRate: number[]; byteRate: number[]; cumulative: number[] } {
  const { buckets } = series;
  const cumulative = new Array<number>(buckets.length);
  let running = series.totalBytes;
  for (let index = buckets.length - 1; index >= 0; index -= 1) {
    cumulative[index] = running;
    running -= buckets[index].bytes;
  }
  return { t: buckets.map((b) => b.t), tfRate: buckets.map((b) => b.tfs), byteRate: buckets.map((b) => b.bytes), cumulative };
}

/** Run rows merged by run number, newest run first. */
export function mergeRuns(previous: readonly FastmonRunView[], next: readonly FastmonRunView[]): FastmonRunView[] {
  const byRun = new Map(previous.map((run) => [run.runNumber, run]));
  for (const run of next) byRun.set(run.runNumber, run);
  return [...byRun.values()].sort((a, b) => b.runNumber - a.runNumber);
}

/** `1.2 MB`, `340 kB`, `12 B` (decimal units, as data volumes are quoted); '—' for unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`;
}

/** `12.3/s`, '—' when there is no rate yet. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  return `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)}/s`;
}
