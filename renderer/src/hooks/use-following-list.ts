import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type RefObject, type UIEvent } from 'react';

export interface FollowingListOptions<T> {
  rowHeight: number;
  /** Used until the scroll element has a size (and whenever it reports none, as in jsdom). */
  fallbackRect: Rect;
  overscan: number;
  key(item: T): string | number;
}

export interface FollowingList {
  scrollRef: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** The scroll element's onScroll: notes whether the user is at the bottom. */
  onScroll(event: UIEvent<HTMLDivElement>): void;
}

/** A virtualized list of `rows` that follows the newest row while the user is at the bottom (reading older rows is not interrupted). */
export function useFollowingList<T>(rows: readonly T[], options: FollowingListOptions<T>): FollowingList {
  const { rowHeight, fallbackRect, overscan, key } = options;
  const scrollRef = useRef<HTMLDivElement>(null);
  const observeRect = useCallback(
    (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : fallbackRect)),
    [fallbackRect],
  );
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    initialRect: fallbackRect,
    observeElementRect: observeRect,
    getItemKey: (index) => (index < rows.length ? key(rows[index]) : index),
  });
  const atBottom = useRef(true);
  useEffect(() => {
    if (atBottom.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows, virtualizer]);
  const onScroll = useCallback(
    (event: UIEvent<HTMLDivElement>) => {
      const element = event.currentTarget;
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < rowHeight * 2;
    },
    [rowHeight],
  );
  return { scrollRef, virtualizer, onScroll };
}
