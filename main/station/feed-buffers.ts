import type { FeedFieldRef, FeedSeriesBatch, FeedStats } from '../../shared/feeds.js';
import { feedKey } from '../../shared/feeds.js';
import { FeedRing } from './feed-ring.js';
import { parseFeedMessage } from './feed-parse.js';

/** Retention per series: an hour (the Plots view's longest window) or 20,000 points, whichever is less. */
export const FEED_RING_DEFAULTS = { capacity: 20_000, maxAgeSec: 3600 };

interface FeedState {
  /** `block\u0000field` → ring, in first-seen order (the field list's order). */
  rings: Map<string, { ref: FeedFieldRef; ring: FeedRing }>;
  stats: FeedStats;
}

const emptyStats = (): FeedStats => ({ messages: 0, points: 0, skipped: 0, outOfOrder: 0, malformed: 0, lastTime: null });

/**
 * The station's recent points of every feed it listens to: one FeedRing per (feed, block, field),
 * the fields seen so far and the per-feed counters. Pure bookkeeping, no bus.
 */
export class FeedBuffers {
  private readonly feeds = new Map<string, FeedState>();

  constructor(private readonly retention = FEED_RING_DEFAULTS) {}

  /** Ingests one feed message; returns the points it added (empty for a malformed or all-text message). */
  ingest(address: string, feed: string, message: unknown): FeedSeriesBatch[] {
    const state = this.state(address, feed);
    const parsed = parseFeedMessage(message);
    state.stats.messages++;
    state.stats.skipped += parsed.skipped;
    state.stats.malformed += parsed.malformed;
    const added: FeedSeriesBatch[] = [];
    for (const series of parsed.series) {
      const key = `${series.block}\u0000${series.field}`;
      let entry = state.rings.get(key);
      if (!entry) {
        entry = { ref: { block: series.block, field: series.field }, ring: new FeedRing(this.retention.capacity, this.retention.maxAgeSec) };
        state.rings.set(key, entry);
      }
      const batch: FeedSeriesBatch = { address, feed, block: series.block, field: series.field, t: [], v: [] };
      series.t.forEach((t, index) => {
        if (entry.ring.push(t, series.v[index])) {
          batch.t.push(t);
          batch.v.push(series.v[index]);
        } else state.stats.outOfOrder++;
      });
      if (batch.t.length === 0) continue;
      state.stats.points += batch.t.length;
      state.stats.lastTime = Math.max(state.stats.lastTime ?? -Infinity, batch.t[batch.t.length - 1]);
      added.push(batch);
    }
    return added;
  }

  /** The numeric fields seen on a feed, in first-seen order. */
  fields(address: string, feed: string): FeedFieldRef[] {
    return [...(this.feeds.get(feedKey(address, feed))?.rings.values() ?? [])].map((entry) => ({ ...entry.ref }));
  }

  /** Every buffered series of a feed. */
  series(address: string, feed: string): FeedSeriesBatch[] {
    const state = this.feeds.get(feedKey(address, feed));
    if (!state) return [];
    return [...state.rings.values()].map(({ ref, ring }) => ({ address, feed, ...ref, ...ring.read() }));
  }

  /** A copy of the feed's counters. */
  stats(address: string, feed: string): FeedStats {
    const state = this.feeds.get(feedKey(address, feed));
    return state ? { ...state.stats } : emptyStats();
  }

  /** Forgets everything (the station moved to another bus). */
  clear(): void {
    this.feeds.clear();
  }

  private state(address: string, feed: string): FeedState {
    const key = feedKey(address, feed);
    let state = this.feeds.get(key);
    if (!state) {
      state = { rings: new Map(), stats: emptyStats() };
      this.feeds.set(key, state);
    }
    return state;
  }
}
