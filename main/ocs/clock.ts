/** Wall-clock time in unix seconds (float), the unit of every OCS timestamp (Python's time.time()). */
export function unixTime(): number {
  return Date.now() / 1000;
}

/** Resolves after `ms` milliseconds; the timer does not keep the process alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
