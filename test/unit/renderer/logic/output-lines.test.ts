import { describe, expect, it } from 'vitest';
import { MAX_LINES_PER_RUN, mergeLines } from '../../../../renderer/src/logic/output-lines.js';
import { line } from '../smurf-fixtures.js';

describe('mergeLines', () => {
  it('appends lines in seq order and drops duplicates', () => {
    const first = mergeLines([], [line(1, 1), line(1, 0)]);
    expect(first).toEqual({ lines: [line(1, 0), line(1, 1)], gapFrom: null });
    const second = mergeLines(first.lines, [line(1, 1), line(1, 2)]);
    expect(second.lines.map((l) => l.seq)).toEqual([0, 1, 2]);
    expect(second.gapFrom).toBeNull();
  });

  it('holds back lines past a gap and reports where the gap starts', () => {
    const result = mergeLines([line(1, 0)], [line(1, 3), line(1, 1)]);
    expect(result.lines.map((l) => l.seq)).toEqual([0, 1]);
    expect(result.gapFrom).toBe(2);
  });

  it('returns the same array when nothing is new (no re-render)', () => {
    const existing = [line(1, 0)];
    expect(mergeLines(existing, [line(1, 0)]).lines).toBe(existing);
  });

  it('stops at the per-run cap', () => {
    const full = Array.from({ length: MAX_LINES_PER_RUN }, (_, seq) => line(1, seq));
    expect(mergeLines(full, [line(1, MAX_LINES_PER_RUN)]).lines).toHaveLength(MAX_LINES_PER_RUN);
  });
});
