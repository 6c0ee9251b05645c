/**
 * Detects keys not touched for longer than `timeoutMs`, with O(1) work per touch and one timer.
 * A Map keeps keys in order of their last touch (delete + set moves a key to the end), so the
 * oldest key is always first; the timer is armed for that key's deadline only. This keeps the
 * Registry's expiry delay at timeout + a few ms for thousands of agents, instead of scanning
 * them all on a 1 s tick (which would add up to 1 s of delay).
 */
export class ExpiryQueue {
  private readonly lastTouch = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onExpire: (key: string, nowMs: number) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Number of keys currently tracked (not yet expired). */
  get size(): number {
    return this.lastTouch.size;
  }

  /** Records activity of `key` now; an expired key becomes tracked again. */
  touch(key: string, atMs = this.now()): void {
    this.lastTouch.delete(key);
    this.lastTouch.set(key, atMs);
    if (this.running && !this.timer) this.arm();
  }

  /** Starts firing expiries (keys already overdue expire at once). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.check();
  }

  /** Stops firing expiries; touches are still recorded. */
  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    const first = this.lastTouch.values().next();
    if (first.done) return;
    // +1 ms: the expiry test is strict (`elapsed > timeout`, as upstream), so wake just after the deadline.
    const delay = Math.max(0, first.value + this.timeoutMs + 1 - this.now());
    this.timer = setTimeout(() => this.check(), delay);
  }

  private check(): void {
    this.timer = null;
    if (!this.running) return;
    const now = this.now();
    for (const [key, at] of this.lastTouch) {
      if (now - at <= this.timeoutMs) break;
      this.lastTouch.delete(key);
      this.onExpire(key, now);
    }
    if (this.running && !this.timer) this.arm();
  }
}
