import { describe, expect, it } from 'vitest';
import { sliceSample } from '../../../../../main/testbed/agents/slicing.js';

describe('sliceSample (spec §6.4)', () => {
  it('cuts 21 TFs at 2 per slice into 11 slices named <sample>_slice_NNN.tf, 0-based', () => {
    const slices = sliceSample({ tfFilename: 'swf.100010.000001_tf_003.tf', tfFirst: 40, tfCount: 21 }, 2);
    expect(slices).toHaveLength(11);
    expect(slices[0]).toEqual({ sliceId: 0, tfFirst: 40, tfLast: 41, tfCount: 2, tfFilename: 'swf.100010.000001_tf_003_slice_000.tf' });
    expect(slices[10]).toEqual({ sliceId: 10, tfFirst: 60, tfLast: 60, tfCount: 1, tfFilename: 'swf.100010.000001_tf_003_slice_010.tf' });
    expect(slices.reduce((n, s) => n + s.tfCount, 0)).toBe(21);
  });

  it('refuses counts that cannot be sliced', () => {
    expect(() => sliceSample({ tfFilename: 'a.tf', tfFirst: 0, tfCount: 4 }, 0)).toThrow('num_tf_per_slice must be a whole number ≥ 1, got 0');
    expect(() => sliceSample({ tfFilename: 'a.tf', tfFirst: 0, tfCount: -1 }, 2)).toThrow('tf_count must be a whole number ≥ 0, got -1');
    expect(sliceSample({ tfFilename: 'a.tf', tfFirst: 0, tfCount: 0 }, 2)).toEqual([]);
  });
});
