import { describe, expect, it } from 'vitest';
import { formatAgo, formatClock, formatDuration } from '../../../../renderer/src/logic/time-format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0.0 s'],
    [1.23, '1.2 s'],
    [9.96, '10.0 s'],
    [42.7, '42 s'],
    [60, '1 min'],
    [185, '3 min 5 s'],
    [7200, '2 h'],
    [7860, '2 h 11 min'],
    [90_000, '1 d 1 h'],
    [-5, '0.0 s'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatAgo', () => {
  it('uses whole units', () => {
    expect(formatAgo(3.7)).toBe('3 s ago');
    expect(formatAgo(125)).toBe('2 min ago');
    expect(formatAgo(3700)).toBe('1 h ago');
    expect(formatAgo(-1)).toBe('0 s ago');
  });
});

describe('formatClock', () => {
  it('formats local HH:MM:SS', () => {
    const local = new Date(2026, 0, 2, 3, 4, 5).getTime() / 1000;
    expect(formatClock(local)).toBe('03:04:05');
  });
});
