/** A small seeded pseudo-random generator: the fastmon sampling core's only source of randomness. */
export interface Prng {
  /** Uniform float in [0, 1). */
  uniform(): number;
  /** Uniform integer in [lo, hi], both ends inclusive. Throws unless lo ≤ hi are whole numbers. */
  randint(lo: number, hi: number): number;
  /** Normal variate with the given mean and standard deviation (Box–Muller). */
  gauss(mean: number, sd: number): number;
}

/** 32-bit FNV-1a over the UTF-16 code units of `text`, finished with the murmur3 avalanche (fmix32). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV-1a alone mixes the last characters poorly; fmix32 spreads them over all 32 bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32 generator over a 32-bit state. */
export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    randint(lo: number, hi: number): number {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi) throw new Error(`randint needs whole numbers lo ≤ hi, got ${lo}, ${hi}`);
      return lo + Math.floor(uniform() * (hi - lo + 1));
    },
    gauss(mean: number, sd: number): number {
      // 1 - u lies in (0, 1], so the logarithm is finite; the sine twin is discarded to keep the stream stateless.
      const u1 = 1 - uniform();
      const u2 = uniform();
      return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
  };
}

/**
 * Generator whose stream depends only on (seed, key). A numeric seed is used via its decimal text,
 * so `42` and `'42'` give the same stream.
 */
export function prngFor(seed: string | number, key: string): Prng {
  const s = String(seed);
  // Length-prefixing the seed keeps ('a:b', 'c') and ('a', 'b:c') apart.
  return mulberry32(hash32(`${s.length}:${s}|${key}`));
}
