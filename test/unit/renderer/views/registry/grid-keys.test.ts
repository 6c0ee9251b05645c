import { describe, expect, it } from 'vitest';
import { nextRowIndex } from '../../../../../renderer/src/views/registry/grid-keys.js';

describe('nextRowIndex', () => {
  it('moves by one, by page and to the ends, clamped to the rows', () => {
    expect(nextRowIndex('ArrowDown', 3, 10, 4)).toBe(4);
    expect(nextRowIndex('ArrowDown', 9, 10, 4)).toBe(9);
    expect(nextRowIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(nextRowIndex('PageDown', 3, 10, 4)).toBe(7);
    expect(nextRowIndex('PageDown', 8, 10, 4)).toBe(9);
    expect(nextRowIndex('PageUp', 3, 10, 4)).toBe(0);
    expect(nextRowIndex('Home', 5, 10, 4)).toBe(0);
    expect(nextRowIndex('End', 5, 10, 4)).toBe(9);
  });

  it('starts at the first row when none is active, and ignores other keys and empty grids', () => {
    expect(nextRowIndex('ArrowDown', -1, 10, 4)).toBe(0);
    expect(nextRowIndex('a', 2, 10, 4)).toBeNull();
    expect(nextRowIndex('ArrowDown', 0, 0, 4)).toBeNull();
  });
});
