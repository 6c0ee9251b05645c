/**
 * A few windows of one log source's lines, never the whole file: lines live in fixed blocks of
 * BLOCK_LINES (block b holds lines b*BLOCK_LINES+1 …), at most MAX_BLOCKS of them, least recently used
 * dropped first. The view asks which blocks a visible range is missing and fetches only those.
 */
import type { LogLineView } from '../../../shared/logs.js';

/** Lines per block (one `logs:window` request each). */
export const BLOCK_LINES = 250;
/** Blocks kept: ~3000 lines, a few screens either side of the view. */
export const MAX_BLOCKS = 12;

/** Block index of a 1-based line number. */
export function blockOf(line: number): number {
  return Math.floor((line - 1) / BLOCK_LINES);
}

/** First line (1-based) of a block. */
export function blockStart(block: number): number {
  return block * BLOCK_LINES + 1;
}

export class WindowCache {
  /** Insertion order = recency (a Map iterates oldest first). */
  private readonly blocks = new Map<number, LogLineView[]>();

  constructor(private readonly maxBlocks = MAX_BLOCKS) {}

  /** Number of blocks held (tests; never more than maxBlocks). */
  get size(): number {
    return this.blocks.size;
  }

  /** The line with number `n`, or undefined when its block is not cached (or the block ends before it). */
  line(n: number): LogLineView | undefined {
    const block = this.blocks.get(blockOf(n));
    return block?.[n - blockStart(blockOf(n))];
  }

  /**
   * Blocks that lines first..last (1-based, inclusive, clamped to totalLines) need and that are missing or
   * short of lines that exist by now; touches the present ones so they stay.
   */
  missing(first: number, last: number, totalLines: number): number[] {
    const need: number[] = [];
    const end = Math.min(last, totalLines);
    if (end < first) return need;
    for (let b = blockOf(Math.max(1, first)); b <= blockOf(end); b += 1) {
      const block = this.blocks.get(b);
      const wanted = Math.min(BLOCK_LINES, totalLines - blockStart(b) + 1);
      if (!block || block.length < wanted) need.push(b);
      else this.touch(b);
    }
    return need;
  }

  /** Stores lines fetched for block `b` (a window from its first line), evicting the least recently used blocks. */
  put(b: number, lines: readonly LogLineView[]): void {
    const start = blockStart(b);
    const mine = lines.filter((line) => line.n >= start && line.n < start + BLOCK_LINES);
    this.blocks.delete(b);
    this.blocks.set(b, mine);
    this.evict();
  }

  /**
   * Adds lines appended to the file (in order, from a push). Only extends a cached block they continue
   * contiguously, or starts the next block after a full cached one: a gap would make a block lie about what it holds.
   */
  append(lines: readonly LogLineView[]): void {
    for (const line of lines) {
      const b = blockOf(line.n);
      const block = this.blocks.get(b);
      if (block) {
        if (line.n === blockStart(b) + block.length) block.push(line);
      } else if (line.n === blockStart(b) && this.blocks.get(b - 1)?.length === BLOCK_LINES) {
        this.blocks.set(b, [line]);
        this.evict();
      }
    }
  }

  /** Drops everything (rotation, truncation, a new level filter). */
  clear(): void {
    this.blocks.clear();
  }

  /** Cached lines first..last (inclusive) that are present, in order: what copy/export can take without asking main. */
  range(first: number, last: number): LogLineView[] {
    const out: LogLineView[] = [];
    for (let n = first; n <= last; n += 1) {
      const line = this.line(n);
      if (line) out.push(line);
    }
    return out;
  }

  private touch(b: number): void {
    const block = this.blocks.get(b);
    if (!block) return;
    this.blocks.delete(b);
    this.blocks.set(b, block);
  }

  private evict(): void {
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value as number;
      this.blocks.delete(oldest);
    }
  }
}
