import { describe, expect, it } from 'vitest';
import { LineOffsets } from '../../../../main/logs/line-index.js';

describe('LineOffsets', () => {
  it('stores offsets across chunks and finds the line holding a byte', () => {
    const offsets = new LineOffsets();
    for (let i = 0; i < 200_000; i++) offsets.push(i * 10);
    expect(offsets.length).toBe(200_000);
    expect(offsets.get(0)).toBe(0);
    expect(offsets.get(65_536)).toBe(655_360);
    expect(offsets.get(199_999)).toBe(1_999_990);
    expect(offsets.get(200_000)).toBeUndefined();
    expect(offsets.floorIndex(655_365)).toBe(65_536);
    expect(offsets.floorIndex(1_999_999_999)).toBe(199_999);
    expect(offsets.byteSize()).toBe(4 * 65_536 * 4);
  });

  it('widens a chunk to Float64 when it spans 4 GiB and keeps exact offsets', () => {
    const offsets = new LineOffsets();
    offsets.push(0);
    offsets.push(2 ** 32 + 5);
    offsets.push(2 ** 40);
    expect([offsets.get(0), offsets.get(1), offsets.get(2)]).toEqual([0, 2 ** 32 + 5, 2 ** 40]);
    expect(offsets.floorIndex(2 ** 33)).toBe(1);
    offsets.clear();
    expect(offsets.length).toBe(0);
    expect(offsets.floorIndex(5)).toBe(-1);
  });
});
