import { describe, expect, it } from 'vitest';
import { feedEventMessage, parseFeedMessage } from '../../../../main/station/feed-parse.js';

describe('parseFeedMessage', () => {
  it('reads a recorded flush of several blocks (the wire example of ocs-protocol.md §3.3)', () => {
    const parsed = parseFeedMessage({
      temps: { block_name: 'temps', data: { channel_00: [0.1, 0.2], channel_01: [1.1, 1.2] }, timestamps: [1795413372.37, 1795413373.37] },
      other: { block_name: 'status', data: { rate: [5] }, timestamps: [1795413374] },
    });
    expect(parsed).toEqual({
      series: [
        { block: 'temps', field: 'channel_00', t: [1795413372.37, 1795413373.37], v: [0.1, 0.2] },
        { block: 'temps', field: 'channel_01', t: [1795413372.37, 1795413373.37], v: [1.1, 1.2] },
        // block_name inside the block wins over the dict key.
        { block: 'status', field: 'rate', t: [1795413374], v: [5] },
      ],
      skipped: 0,
      malformed: 0,
    });
  });

  it('reads a single sample and an unwrapped block', () => {
    expect(parseFeedMessage({ timestamp: 10, data: { a: 1.5, b: -2 } })).toEqual({
      series: [
        { block: '', field: 'a', t: [10], v: [1.5] },
        { block: '', field: 'b', t: [10], v: [-2] },
      ],
      skipped: 0,
      malformed: 0,
    });
    expect(parseFeedMessage({ block_name: 'b1', timestamp: 10, data: { a: 1 } }).series).toEqual([{ block: 'b1', field: 'a', t: [10], v: [1] }]);
    expect(parseFeedMessage({ block_name: 'b2', timestamps: [1, 2], data: { x: [3, 4] } }).series).toEqual([{ block: 'b2', field: 'x', t: [1, 2], v: [3, 4] }]);
  });

  it('skips and counts non-numeric values (strings, booleans, null for NaN) and keeps the rest', () => {
    const parsed = parseFeedMessage({ b: { block_name: 'b', timestamps: [1, 2, 3, 4], data: { x: [1, 'on', null, 4], s: ['a', 'b', 'c', 'd'], f: [true, false, 2, 3] } } });
    expect(parsed.series).toEqual([
      { block: 'b', field: 'x', t: [1, 4], v: [1, 4] },
      { block: 'b', field: 'f', t: [3, 4], v: [2, 3] },
    ]);
    expect(parsed.skipped).toBe(8);
    expect(parsed.malformed).toBe(0);
    expect(parseFeedMessage({ timestamp: 5, data: { text: 'hi', n: 2 } })).toMatchObject({ skipped: 1, series: [{ field: 'n' }] });
  });

  it('counts malformed messages and blocks without throwing', () => {
    for (const message of [null, undefined, 42, 'x', [], {}, { timestamp: 'now', data: { a: 1 } }, { timestamp: 1, data: [1] }]) {
      expect(parseFeedMessage(message), JSON.stringify(message)).toEqual({ series: [], skipped: 0, malformed: 1 });
    }
    const mixed = parseFeedMessage({ good: { timestamps: [1], data: { a: [1] } }, bad: 'x', short: { timestamps: [1, 2], data: { a: [1] } }, nodata: { timestamps: [1] } });
    expect(mixed.series).toEqual([{ block: 'good', field: 'a', t: [1], v: [1] }]);
    expect(mixed.malformed).toBe(3);
  });

  it('a non-numeric timestamp skips that sample only', () => {
    expect(parseFeedMessage({ b: { timestamps: [1, null, 3], data: { a: [1, 2, 3] } } })).toEqual({ series: [{ block: 'b', field: 'a', t: [1, 3], v: [1, 3] }], skipped: 1, malformed: 0 });
  });
});

describe('feedEventMessage', () => {
  it('unwraps the OCS publish envelope [[message, feed_info]]', () => {
    const message = { temps: {} };
    expect(feedEventMessage([[message, { feed_name: 'temperatures' }]])).toBe(message);
    expect(feedEventMessage([])).toBeUndefined();
    expect(feedEventMessage([{ not: 'a list' }])).toBeUndefined();
    expect(feedEventMessage(null)).toBeUndefined();
  });
});
