import { describe, expect, it } from 'vitest';
import type { LogLineView } from '../../../../shared/logs.js';
import { BLOCK_LINES, blockOf, blockStart, MAX_BLOCKS, WindowCache } from '../../../../renderer/src/logic/logs-window-cache.js';

const lines = (from: number, count: number): LogLineView[] => Array.from({ length: count }, (_, i) => ({ n: from + i, text: `line ${from + i}`, level: null, time: null }));
const block = (b: number, total = Infinity) => lines(blockStart(b), Math.min(BLOCK_LINES, total - blockStart(b) + 1));

describe('window cache', () => {
  it('maps lines to blocks', () => {
    expect(blockOf(1)).toBe(0);
    expect(blockOf(BLOCK_LINES)).toBe(0);
    expect(blockOf(BLOCK_LINES + 1)).toBe(1);
    expect(blockStart(2)).toBe(2 * BLOCK_LINES + 1);
  });

  it('asks only for the blocks a visible range is missing', () => {
    const cache = new WindowCache();
    expect(cache.missing(1, 30, 10_000)).toEqual([0]);
    cache.put(0, block(0));
    expect(cache.missing(1, 30, 10_000)).toEqual([]);
    expect(cache.missing(240, 260, 10_000)).toEqual([1]);
    expect(cache.line(17)?.text).toBe('line 17');
    expect(cache.line(BLOCK_LINES + 1)).toBeUndefined();
    // Nothing past the end of the file is asked for.
    expect(cache.missing(9_990, 10_050, 10_000)).toEqual([blockOf(9_990)]);
    expect(cache.missing(20_000, 20_010, 10_000)).toEqual([]);
  });

  it(`keeps at most ${MAX_BLOCKS} blocks, dropping the least recently used`, () => {
    const cache = new WindowCache();
    for (let b = 0; b < MAX_BLOCKS; b += 1) cache.put(b, block(b));
    cache.missing(1, 10, 1e9); // touch block 0: block 1 is now the oldest
    cache.put(MAX_BLOCKS, block(MAX_BLOCKS));
    expect(cache.size).toBe(MAX_BLOCKS);
    expect(cache.line(5)).toBeDefined();
    expect(cache.line(blockStart(1))).toBeUndefined();
  });

  it('re-asks for a short last block once the file has grown, and extends it with appended lines', () => {
    const cache = new WindowCache();
    cache.put(0, lines(1, 100));
    expect(cache.missing(1, 100, 100)).toEqual([]);
    expect(cache.missing(1, 120, 120)).toEqual([0]);
    cache.append(lines(101, 20));
    expect(cache.missing(1, 120, 120)).toEqual([]);
    // A gap (lines 130…) is not stored: the block would claim lines it does not have.
    cache.append(lines(130, 5));
    expect(cache.line(130)).toBeUndefined();
    expect(cache.range(118, 125).map((l) => l.n)).toEqual([118, 119, 120]);
  });

  it('continues into the next block after a full one, and forgets everything on clear', () => {
    const cache = new WindowCache();
    cache.put(0, block(0));
    cache.append(lines(BLOCK_LINES + 1, 3));
    expect(cache.line(BLOCK_LINES + 3)?.text).toBe(`line ${BLOCK_LINES + 3}`);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
