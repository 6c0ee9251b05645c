/**
 * Line start offsets of one file, in chunks of 65,536 lines: each chunk is a Uint32Array of offsets
 * relative to the chunk's first offset (4 bytes a line), upgraded to a Float64Array of absolute
 * offsets only when a chunk spans 4 GiB or more. A 1 GB log of 100-byte lines costs about 40 MB.
 */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
const U32_SPAN = 2 ** 32;

interface Chunk {
  base: number;
  data: Uint32Array | Float64Array;
}

/** Append-only list of ascending byte offsets (line starts) with O(1) access and binary search. */
export class LineOffsets {
  private chunks: Chunk[] = [];
  private n = 0;

  /** Number of offsets held. */
  get length(): number {
    return this.n;
  }

  /** Appends one offset (must not be lower than the last). */
  push(offset: number): void {
    const j = this.n & MASK;
    if (j === 0) this.chunks.push({ base: offset, data: new Uint32Array(CHUNK) });
    const chunk = this.chunks[this.chunks.length - 1];
    if (chunk.data instanceof Uint32Array && offset - chunk.base >= U32_SPAN) chunk.data = widen(chunk, j);
    chunk.data[j] = chunk.data instanceof Float64Array ? offset : offset - chunk.base;
    this.n++;
  }

  /** The i-th offset (0-based); undefined past the end. */
  get(i: number): number | undefined {
    if (i < 0 || i >= this.n) return undefined;
    const chunk = this.chunks[i >>> CHUNK_BITS];
    const value = chunk.data[i & MASK];
    return chunk.data instanceof Float64Array ? value : chunk.base + value;
  }

  /** The last offset, or undefined when empty. */
  last(): number | undefined {
    return this.get(this.n - 1);
  }

  /** Index of the greatest offset ≤ value (−1 when value is below the first offset). */
  floorIndex(value: number): number {
    let lo = 0;
    let hi = this.n - 1;
    if (hi < 0 || (this.get(0) as number) > value) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.get(mid) as number) <= value) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Forgets every offset (truncation, rotation). */
  clear(): void {
    this.chunks = [];
    this.n = 0;
  }

  /** Bytes held by the arrays (for the bench's memory accounting). */
  byteSize(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.data.byteLength, 0);
  }
}

/** Converts a chunk's first `used` relative offsets to absolute ones in a Float64Array. */
function widen(chunk: Chunk, used: number): Float64Array {
  const wide = new Float64Array(CHUNK);
  for (let k = 0; k < used; k++) wide[k] = chunk.base + chunk.data[k];
  return wide;
}
