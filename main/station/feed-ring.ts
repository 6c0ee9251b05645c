/**
 * A bounded ring buffer of (t, v) points for one feed series: at most `capacity` points and nothing
 * older than `maxAgeSec` before the newest point. Points must arrive in ascending time.
 */
export class FeedRing {
  private readonly t: Float64Array;
  private readonly v: Float64Array;
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly maxAgeSec: number,
  ) {
    if (!(capacity >= 1)) throw new Error('FeedRing capacity must be at least 1');
    // Typed arrays: 20,000 points cost 320 kB per series, allocated once, no GC churn at high rates.
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  /** Points held now. */
  get length(): number {
    return this.count;
  }

  /** Time of the newest point, or null when empty. */
  get lastTime(): number | null {
    return this.count === 0 ? null : this.t[(this.start + this.count - 1) % this.capacity];
  }

  /** Appends one point; returns false (and keeps nothing) when `t` is older than the newest point. */
  push(t: number, v: number): boolean {
    const last = this.lastTime;
    if (last !== null && t < last) return false;
    const index = (this.start + this.count) % this.capacity;
    this.t[index] = t;
    this.v[index] = v;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.trimOlderThan(t - this.maxAgeSec);
    return true;
  }

  /** The points with time ≥ `since` (all by default), oldest first, as plain arrays. */
  read(since = -Infinity): { t: number[]; v: number[] } {
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const index = (this.start + i) % this.capacity;
      if (this.t[index] < since) continue;
      t.push(this.t[index]);
      v.push(this.v[index]);
    }
    return { t, v };
  }

  /** Forgets every point. */
  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  private trimOlderThan(limit: number): void {
    while (this.count > 0 && this.t[this.start] < limit) {
      this.start = (this.start + 1) % this.capacity;
      this.count--;
    }
  }
}
