/** Server time (Unix seconds), re-rendering the caller every `intervalMs` so ages and durations tick. */
import { useEffect, useReducer } from 'react';
import { useClockStore } from '../stores/clock-store.js';

export function useServerNow(intervalMs: number): number {
  const offset = useClockStore((state) => state.offset);
  const [, tick] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    const timer = setInterval(tick, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  // Read the clock at render time: a render caused by new data (a session that just ended) must not show a stale age.
  return Date.now() / 1000 + offset;
}
