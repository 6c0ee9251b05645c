/** Copy and export of log lines: the text format and the download file name. */
import type { LogLineView, MergedLogLineView } from '../../../shared/logs.js';

/** The lines as text, one per line, as in the file (merged lines get their source's title in brackets first). */
export function linesText(lines: readonly (LogLineView | MergedLogLineView)[], titleOf?: (sourceId: string) => string): string {
  return lines.map((line) => ('sourceId' in line && titleOf ? `[${titleOf(line.sourceId)}] ${line.text}` : line.text)).join('\n') + (lines.length > 0 ? '\n' : '');
}

/** `fastmon-stderr_L120-L180.log`: the title made file-name safe, with the line range. */
export function exportFileName(title: string, first: number, last: number): string {
  const safe = title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'log';
  return `${safe}_L${first}-L${last}.log`;
}

/** Ordered, inclusive selection bounds from an anchor and a focus line/row. */
export function selectionBounds(anchor: number, focus: number): [number, number] {
  return anchor <= focus ? [anchor, focus] : [focus, anchor];
}

/** Parses what the user typed into "jump to time": `HH:MM[:SS]` (today, local time) or any date Date.parse takes; null if neither. */
export function parseJumpTime(text: string, now: Date = new Date()): number | null {
  const trimmed = text.trim();
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?$/.exec(trimmed);
  if (clock) {
    const [, h, m, s = '0', ms = '0'] = clock;
    if (Number(h) > 23 || Number(m) > 59 || Number(s) > 59) return null;
    const at = new Date(now);
    at.setHours(Number(h), Number(m), Number(s), Number(ms.padEnd(3, '0')));
    return at.getTime();
  }
  if (!/\d{4}-\d{2}-\d{2}/.test(trimmed)) return null;
  const parsed = Date.parse(trimmed.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T'));
  return Number.isNaN(parsed) ? null : parsed;
}
