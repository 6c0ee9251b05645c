/** Wall-clock time in unix seconds (float), the unit of every OCS timestamp (Python's time.time()). */
export function unixTime(): number {
  return Date.now() / 1000;
}

