/** Which row a navigation key moves to (pure; the grid applies it). */

/** Index after `key` from `current` in `count` rows with `pageSize` rows per page; null when the key is not a move. */
export function nextRowIndex(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const from = current < 0 ? -1 : Math.min(current, last);
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, from + 1);
    case 'ArrowUp':
      return Math.max(0, from - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(last, Math.max(0, from) + pageSize);
    case 'PageUp':
      return Math.max(0, from - pageSize);
    default:
      return null;
  }
}
