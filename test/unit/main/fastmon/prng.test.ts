import { describe, expect, it } from 'vitest';
import { hash32, mulberry32, prngFor } from '../../../../main/fastmon/prng.js';

const draw = (seed: string | number, key: string, n: number): number[] => {
  const rng = prngFor(seed, key);
  return Array.from({ length: n }, () => rng.uniform());
};

describe('prngFor', () => {
  it('gives the same stream for the same (seed, key)', () => {
    expect(draw('s1', 'k', 50)).toEqual(draw('s1', 'k', 50));
    expect(draw(42, 'k', 5)).toEqual(draw('42', 'k', 5));
  });

  it('gives different streams for a different seed or key', () => {
    expect(draw('s1', 'k', 5)).not.toEqual(draw('s2', 'k', 5));
    expect(draw('s1', 'k', 5)).not.toEqual(draw('s1', 'k2', 5));
    expect(draw('a:b', 'c', 5)).not.toEqual(draw('a', 'b:c', 5));
  });

  it('draws uniform values in [0, 1) with a mean near 0.5', () => {
    const xs = draw('u', 'k', 20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });

  it('randint is inclusive at both ends and covers the range evenly', () => {
    const rng = prngFor('r', 'k');
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i += 1) {
      const v = rng.randint(3, 8);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8]);
    for (const c of counts.values()) expect(c).toBeGreaterThan(850);
    expect(rng.randint(5, 5)).toBe(5);
  });

  it('randint refuses reversed or fractional bounds', () => {
    const rng = prngFor('r', 'k');
    expect(() => rng.randint(5, 4)).toThrow('randint needs whole numbers lo ≤ hi, got 5, 4');
    expect(() => rng.randint(0.5, 4)).toThrow(/randint/);
  });

  it('gauss has the requested mean and standard deviation', () => {
    const rng = prngFor('g', 'k');
    const xs = Array.from({ length: 20000 }, () => rng.gauss(10, 2));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
    expect(xs.every(Number.isFinite)).toBe(true);
    expect(mean).toBeGreaterThan(9.95);
    expect(mean).toBeLessThan(10.05);
    expect(sd).toBeGreaterThan(1.95);
    expect(sd).toBeLessThan(2.05);
  });
});

describe('hash32 / mulberry32', () => {
  it('hash32 is an unsigned 32-bit value that changes with the text', () => {
    const h = hash32('abc');
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    expect(hash32('abc')).toBe(h);
    expect(hash32('abd')).not.toBe(h);
  });

  it('mulberry32 is determined by its seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    expect([a.uniform(), a.uniform()]).toEqual([b.uniform(), b.uniform()]);
    expect(mulberry32(8).uniform()).not.toBe(mulberry32(7).uniform());
  });
});
