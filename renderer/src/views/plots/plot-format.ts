/** Labels and number formats of the feed plots. */
import type { FeedFieldRef } from '../../../../shared/feeds.js';

/** `field`, or `block.field` when the plot mixes blocks (the same field name may appear in two). */
export function fieldLabel(field: FeedFieldRef, all: readonly FeedFieldRef[]): string {
  const blocks = new Set(all.map((item) => item.block));
  return blocks.size > 1 && field.block ? `${field.block}.${field.field}` : field.field;
}

/** Up to 6 significant digits, exponent form for very large or small magnitudes; '—' for none. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}

/** "1 min", "60 min". */
export function windowLabel(seconds: number): string {
  return `${Math.round(seconds / 60)} min`;
}
