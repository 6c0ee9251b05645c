/**
 * Live feed plots: the shapes main and the renderer exchange for OCS data feeds (`feeds:*` channels).
 * Plain TypeScript only. Times are Unix seconds, as OCS publishes them.
 */

/** One numeric field of a feed: OCS fields live in named blocks (`{block_name: {timestamps, data}}`). */
export interface FeedFieldRef {
  block: string;
  field: string;
}

/** New (or buffered) points of one series; `t` ascending, `v` the same length. */
export interface FeedSeriesBatch {
  address: string;
  feed: string;
  block: string;
  field: string;
  t: number[];
  v: number[];
}

/** Per-feed counters since the station first subscribed to it. */
export interface FeedStats {
  /** Feed messages received. */
  messages: number;
  /** Numeric points kept. */
  points: number;
  /** Values that were not finite numbers (strings, booleans, null/NaN), skipped. */
  skipped: number;
  /** Points older than the series' newest point, dropped (plots need ascending time). */
  outOfOrder: number;
  /** Messages in neither the recorded-block nor the single-sample format. */
  malformed: number;
  /** Time of the newest point, or null. */
  lastTime: number | null;
}

/** One feed of an agent as the Plots view lists it. */
export interface FeedView {
  name: string;
  /** The WAMP topic (`{agent}.feeds.{name}`). */
  topic: string;
  record: boolean;
  /** Numeric fields, from the feed info when declared, otherwise from the data seen so far. */
  fields: FeedFieldRef[];
  fieldsFrom: 'declared' | 'data' | 'none';
  /** True while the station holds a bus subscription for it. */
  subscribed: boolean;
  stats: FeedStats;
}

/** `feeds:list` answer. */
export interface FeedsListView {
  address: string;
  feeds: FeedView[];
}

/** `feeds:subscribe` answer: the feed's fields and its buffered recent points. */
export interface FeedSubscriptionView {
  address: string;
  feed: string;
  fields: FeedFieldRef[];
  series: FeedSeriesBatch[];
  stats: FeedStats;
  /** False while the station has no router session (the subscription is made on the next join). */
  live: boolean;
}

/** The Plots view's time windows (seconds). */
export const FEED_WINDOWS_SEC = [60, 300, 900, 3600] as const;
export type FeedWindowSec = (typeof FEED_WINDOWS_SEC)[number];

/** Identity of one series across both sides. */
export function seriesKey(address: string, feed: string, block: string, field: string): string {
  return `${address}|${feed}|${block}|${field}`;
}

/** Identity of one feed. */
export function feedKey(address: string, feed: string): string {
  return `${address}|${feed}`;
}

/** Push merge for `feeds:data`: batches of the same series concatenate (each batch is ascending and newer). */
export function mergeFeedBatches(previous: FeedSeriesBatch[], next: FeedSeriesBatch[]): FeedSeriesBatch[] {
  const byKey = new Map<string, FeedSeriesBatch>();
  for (const batch of [...previous, ...next]) {
    const key = seriesKey(batch.address, batch.feed, batch.block, batch.field);
    const seen = byKey.get(key);
    if (seen) byKey.set(key, { ...seen, t: seen.t.concat(batch.t), v: seen.v.concat(batch.v) });
    else byKey.set(key, batch);
  }
  return [...byKey.values()];
}
