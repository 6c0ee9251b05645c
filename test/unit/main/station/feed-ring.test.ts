import { describe, expect, it } from 'vitest';
import { FeedRing } from '../../../../main/station/feed-ring.js';
import { FeedBuffers } from '../../../../main/station/feed-buffers.js';
import { mergeFeedBatches } from '../../../../shared/feeds.js';

describe('FeedRing', () => {
  it('keeps the newest `capacity` points, oldest first', () => {
    const ring = new FeedRing(3, 1e9);
    for (let i = 1; i <= 5; i++) expect(ring.push(i, i * 10)).toBe(true);
    expect(ring.length).toBe(3);
    expect(ring.read()).toEqual({ t: [3, 4, 5], v: [30, 40, 50] });
    expect(ring.lastTime).toBe(5);
  });

  it('drops points older than maxAgeSec before the newest', () => {
    const ring = new FeedRing(100, 10);
    for (const t of [0, 5, 9, 15, 21]) ring.push(t, t);
    expect(ring.read().t).toEqual([15, 21]);
    expect(ring.read(20).t).toEqual([21]);
  });

  it('refuses out-of-order points and accepts equal times', () => {
    const ring = new FeedRing(10, 100);
    ring.push(5, 1);
    expect(ring.push(4, 2)).toBe(false);
    expect(ring.push(5, 3)).toBe(true);
    expect(ring.read()).toEqual({ t: [5, 5], v: [1, 3] });
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring.lastTime).toBeNull();
  });

  it('stays bounded and correct over many wraps', () => {
    const ring = new FeedRing(1000, 1e9);
    for (let i = 0; i < 25_000; i++) ring.push(i, -i);
    const { t, v } = ring.read();
    expect(t.length).toBe(1000);
    expect(t[0]).toBe(24_000);
    expect(t[999]).toBe(24_999);
    expect(v[999]).toBe(-24_999);
  });
});

describe('FeedBuffers', () => {
  it('ingests blocks, lists numeric fields, counts skipped, malformed and out-of-order', () => {
    const buffers = new FeedBuffers({ capacity: 100, maxAgeSec: 600 });
    const first = buffers.ingest('a', 'f', { temps: { block_name: 'temps', timestamps: [1, 2], data: { x: [1, 2], label: ['p', 'q'] } } });
    expect(first).toEqual([{ address: 'a', feed: 'f', block: 'temps', field: 'x', t: [1, 2], v: [1, 2] }]);
    buffers.ingest('a', 'f', 'garbage');
    buffers.ingest('a', 'f', { block_name: 'temps', timestamp: 1.5, data: { x: 9 } });
    buffers.ingest('a', 'f', { block_name: 'temps', timestamp: 3, data: { x: 3 } });
    expect(buffers.fields('a', 'f')).toEqual([{ block: 'temps', field: 'x' }]);
    expect(buffers.series('a', 'f')).toEqual([{ address: 'a', feed: 'f', block: 'temps', field: 'x', t: [1, 2, 3], v: [1, 2, 3] }]);
    expect(buffers.stats('a', 'f')).toEqual({ messages: 4, points: 3, skipped: 2, outOfOrder: 1, malformed: 1, lastTime: 3 });
    buffers.clear();
    expect(buffers.fields('a', 'f')).toEqual([]);
  });
});

describe('mergeFeedBatches', () => {
  it('concatenates batches of the same series and keeps others apart', () => {
    const s = (field: string, t: number[]) => ({ address: 'a', feed: 'f', block: 'b', field, t, v: t.map((x) => x * 2) });
    expect(mergeFeedBatches([s('x', [1]), s('y', [1])], [s('x', [2, 3])])).toEqual([s('x', [1, 2, 3]), s('y', [1])]);
  });
});
