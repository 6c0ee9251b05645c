/**
 * A run's output kept in line order: lines arrive by push (possibly twice, or after a gap while the
 * bridge was down) and by paging scripts:output; `seq` places each one.
 */
import type { ScriptOutputLine } from '../../../shared/smurf.js';

/** Lines kept per run in memory; beyond this the view says the output was cut (the store keeps it all). */
export const MAX_LINES_PER_RUN = 100_000;

export interface MergeResult {
  lines: ScriptOutputLine[];
  /** First missing seq when an incoming line skipped ahead (fetch from here), else null. */
  gapFrom: number | null;
}

/**
 * Appends lines that continue `existing` (seq = length); duplicates are dropped, lines past a gap
 * are held back and the gap reported so the caller fetches the missing window.
 */
export function mergeLines(existing: readonly ScriptOutputLine[], incoming: readonly ScriptOutputLine[]): MergeResult {
  const sorted = [...incoming].sort((a, b) => a.seq - b.seq);
  let lines: ScriptOutputLine[] | null = null;
  let gapFrom: number | null = null;
  for (const line of sorted) {
    const length = (lines ?? existing).length;
    if (line.seq < length) continue;
    if (line.seq > length) {
      gapFrom = length;
      break;
    }
    if (length >= MAX_LINES_PER_RUN) break;
    lines ??= existing.slice();
    lines.push(line);
  }
  return { lines: lines ?? (existing as ScriptOutputLine[]), gapFrom };
}
