/** A zustand selection re-read at most every `ms` (charts need a few frames a second, not one per push batch). */
import { useEffect, useState } from 'react';
import type { StoreApi } from 'zustand';

/**
 * Returns `select(store.getState())`, refreshed on store changes but at most once per `ms`
 * (the last change is always shown, at the latest `ms` after it). `select` should be stable.
 */
export function useSampled<S, T>(store: Pick<StoreApi<S>, 'getState' | 'subscribe'>, select: (state: S) => T, ms: number): T {
  const [value, setValue] = useState(() => select(store.getState()));
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => {
      timer = null;
      last = Date.now();
      setValue(() => select(store.getState()));
    };
    read();
    const unsubscribe = store.subscribe(() => {
      if (timer) return;
      timer = setTimeout(read, Math.max(0, last + ms - Date.now()));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, select, ms]);
  return value;
}
