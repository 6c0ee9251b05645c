/**
 * Fixed-height row virtualization that survives files of millions of lines. Browsers cap an element's
 * height (Chromium at ~33.5 M px), so past MAX_CANVAS_PX the scroll canvas stays that tall and the
 * scroll position maps proportionally onto rows; below it this is ordinary 1 px = 1 px scrolling.
 */

/** Tallest scroll canvas we build; well under every engine's limit. */
export const MAX_CANVAS_PX = 8_000_000;

export interface ViewportInput {
  count: number;
  rowHeight: number;
  scrollTop: number;
  clientHeight: number;
  maxCanvas?: number;
}

export interface Viewport {
  /** Height of the scroll canvas in px. */
  canvasHeight: number;
  /** Row at the top edge, fractional (row 2.5 = half of row 2 scrolled away). */
  top: number;
  /** First and last row index to render (inclusive; overscan not included); last < first when count is 0. */
  first: number;
  last: number;
}

/** Rows that fit in the viewport. */
function rowsInView(clientHeight: number, rowHeight: number): number {
  return clientHeight / rowHeight;
}

/** The canvas height for `count` rows. */
export function canvasHeight(count: number, rowHeight: number, maxCanvas = MAX_CANVAS_PX): number {
  return Math.min(count * rowHeight, maxCanvas);
}

/** Which rows a scroll position shows. */
export function computeViewport(input: ViewportInput): Viewport {
  const { count, rowHeight, clientHeight } = input;
  const canvas = canvasHeight(count, rowHeight, input.maxCanvas);
  const scrollRange = Math.max(0, canvas - clientHeight);
  const rowRange = Math.max(0, count - rowsInView(clientHeight, rowHeight));
  const scrollTop = Math.min(Math.max(0, input.scrollTop), scrollRange);
  // Uncapped: 1 px is 1 px. Capped: the scroll fraction is the row fraction.
  const capped = canvas < count * rowHeight;
  const top = scrollRange === 0 ? 0 : capped ? (scrollTop / scrollRange) * rowRange : scrollTop / rowHeight;
  const first = Math.max(0, Math.floor(top));
  const last = Math.min(count - 1, Math.ceil(top + rowsInView(clientHeight, rowHeight)) - 1);
  return { canvasHeight: canvas, top, first, last };
}

/** The scroll position that puts row `index` at the top (`start`), middle (`center`) or bottom (`end`) of the viewport. */
export function scrollTopFor(index: number, align: 'start' | 'center' | 'end', input: Omit<ViewportInput, 'scrollTop'>): number {
  const { count, rowHeight, clientHeight } = input;
  const canvas = canvasHeight(count, rowHeight, input.maxCanvas);
  const scrollRange = Math.max(0, canvas - clientHeight);
  const rowRange = Math.max(0, count - rowsInView(clientHeight, rowHeight));
  if (rowRange === 0 || scrollRange === 0) return 0;
  const inView = rowsInView(clientHeight, rowHeight);
  const top = align === 'start' ? index : align === 'center' ? index - inView / 2 + 0.5 : index - inView + 1;
  const clamped = Math.min(Math.max(0, top), rowRange);
  return canvas < count * rowHeight ? (clamped / rowRange) * scrollRange : Math.min(clamped * rowHeight, scrollRange);
}

/** How many canvas px one row is worth (1 row = rowHeight px uncapped, less when the canvas is capped). */
export function pxPerRow(input: Omit<ViewportInput, 'scrollTop'>): number {
  const canvas = canvasHeight(input.count, input.rowHeight, input.maxCanvas);
  const scrollRange = Math.max(0, canvas - input.clientHeight);
  const rowRange = Math.max(0, input.count - rowsInView(input.clientHeight, input.rowHeight));
  return rowRange === 0 ? input.rowHeight : scrollRange / rowRange;
}
