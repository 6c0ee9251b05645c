import { describe, expect, it } from 'vitest';
import { alignSeries, firstIndexAtOrAfter } from '../../../../../renderer/src/views/plots/align.js';
import { fieldLabel, formatValue } from '../../../../../renderer/src/views/plots/plot-format.js';

describe('alignSeries', () => {
  it('slices series of one block (shared times) to the window', () => {
    const t = [1, 2, 3, 4];
    expect(alignSeries([{ t, v: [10, 20, 30, 40] }, { t, v: [1, 2, 3, 4] }], 2.5)).toEqual([
      [3, 4],
      [30, 40],
      [3, 4],
    ]);
  });

  it('merges series of different blocks on the union of their times, null where one has no point', () => {
    expect(alignSeries([{ t: [1, 3], v: [10, 30] }, { t: [2, 3, 5], v: [2, 3, 5] }], 0)).toEqual([
      [1, 2, 3, 5],
      [10, null, 30, null],
      [null, 2, 3, 5],
    ]);
  });

  it('handles empty input and binary search bounds', () => {
    expect(alignSeries([], 0)).toEqual([[]]);
    expect(alignSeries([{ t: [], v: [] }], 0)).toEqual([[], []]);
    expect(firstIndexAtOrAfter([1, 2, 2, 3], 2)).toBe(1);
    expect(firstIndexAtOrAfter([1, 2], 9)).toBe(2);
  });
});

describe('plot labels', () => {
  it('names fields by block only when a plot mixes blocks', () => {
    const a = { block: 'temps', field: 'ch1' };
    const b = { block: 'status', field: 'ch1' };
    expect(fieldLabel(a, [a])).toBe('ch1');
    expect(fieldLabel(a, [a, b])).toBe('temps.ch1');
  });
  it('formats values compactly', () => {
    expect(formatValue(4.04480001)).toBe('4.0448');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(1.5e-6)).toBe('1.500e-6');
  });
});
