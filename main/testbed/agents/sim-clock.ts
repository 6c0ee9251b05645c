/**
 * Simulation clocks for the workflow runner (SimPy's `env.now` / `env.timeout`, spec §5.7).
 * - {@link VirtualClock}: as fast as possible; time jumps, each step yields one macrotask so the bus
 *   and other agents keep running between steps.
 * - {@link RealtimeClock}: one simulated second per wall-clock second, scheduled against the start
 *   time so delays do not accumulate (SimPy `RealtimeEnvironment(strict=False)`).
 * A step returns early when `signal` aborts (stop_workflow); `now` is then the time actually reached.
 */
export interface SimClock {
  /** Simulated seconds since the start, rounded to microseconds (so 14.2 + 2.2·k prints cleanly). */
  readonly now: number;
  /** Advances by `seconds` (returns early on abort). */
  timeout(seconds: number, signal?: AbortSignal): Promise<void>;
}

const round = (t: number): number => Math.round(t * 1e6) / 1e6;

/** Simulated time that advances instantly. */
export class VirtualClock implements SimClock {
  private t = 0;

  get now(): number {
    return this.t;
  }

  async timeout(seconds: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.t = round(this.t + seconds);
  }
}

/** Simulated time that follows the wall clock. */
export class RealtimeClock implements SimClock {
  private readonly startedAt = performance.now();
  private t = 0;

  get now(): number {
    return this.t;
  }

  timeout(seconds: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    const target = round(this.t + seconds);
    const waitMs = Math.max(0, this.startedAt + target * 1000 - performance.now());
    return new Promise<void>((resolve) => {
      const finish = (aborted: boolean) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.t = aborted ? round(Math.min(target, (performance.now() - this.startedAt) / 1000)) : target;
        resolve();
      };
      const onAbort = () => finish(true);
      const timer = setTimeout(() => finish(false), waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
