/** A fake log backend for renderer tests: one file of generated lines behind the logs:* channels of a FakeStation. */
import type { LogFileState, LogLevel, LogLineView, LogSourceView } from '../../../shared/logs.js';
import { FakeStation } from './fake-station.js';

export const SOURCE: LogSourceView = { id: 'file:abc', kind: 'file', title: 'app.log', path: '/var/log/app.log', bytes: 1000, modified: 1, exists: true };
export const OTHER: LogSourceView = { id: 'agent:fastmon', kind: 'agent', title: 'fastmon', path: null, bytes: null, modified: null, exists: true };

/** Every 10th line is an ERROR, every 5th otherwise a WARN, the rest INFO. */
export function makeLine(n: number): LogLineView {
  const level: LogLevel = n % 10 === 0 ? 'ERROR' : n % 5 === 0 ? 'WARN' : 'INFO';
  return { n, text: `2026-11-23 12:00:${String(n % 60).padStart(2, '0')} ${level} message ${n}`, level, time: 1_700_000_000_000 + n * 1000 };
}

export class FakeLog {
  total: number;
  rotations = 0;
  truncations = 0;
  constructor(total: number) {
    this.total = total;
  }
  state(): LogFileState {
    return { totalLines: this.total, bytes: this.total * 50, indexed: true, rotations: this.rotations, truncations: this.truncations };
  }
}

/** A FakeStation answering logs:* from `log` (searches match `text` case-insensitively, like main's plain search). */
export function logStation(log: FakeLog): FakeStation {
  const window = (fromLine: number, count: number, levels?: LogLevel[]) => {
    const out: LogLineView[] = [];
    for (let n = fromLine; n <= log.total && out.length < count; n += 1) {
      const line = makeLine(n);
      if (!levels?.length || (line.level && levels.includes(line.level))) out.push(line);
    }
    return out;
  };
  return new FakeStation()
    .handle('logs:sources', () => [SOURCE, OTHER])
    .handle('logs:follow', () => log.state())
    .handle('logs:window', ({ sourceId, fromLine, count, levels }) => {
      const lines = window(fromLine, count, levels);
      // A full window ends at its last line; a short one read to the end of the file.
      const nextLine = lines.length === count ? lines[lines.length - 1].n + 1 : log.total + 1;
      return { ...log.state(), sourceId, lines, nextLine, rotated: false, truncated: false };
    })
    .handle('logs:search', ({ sourceId, query, fromLine, direction, limit }) => {
      const all = window(1, log.total).filter((line) => line.text.toLowerCase().includes(query.toLowerCase())).map((line) => line.n);
      const lines = direction === 'prev' ? all.filter((n) => fromLine === undefined || n < fromLine).reverse() : all.filter((n) => n >= (fromLine ?? 1));
      return { sourceId, total: all.length, lines: lines.slice(0, limit ?? 1000), scannedLines: log.total, elapsedMs: 1 };
    })
    .handle('logs:merged', ({ sourceIds, count }) => ({
      lines: window(1, Math.min(count, 6)).map((line, i) => ({ ...line, sourceId: sourceIds[i % sourceIds.length] })),
      cursor: null,
    }))
    .handle('logs:jump', ({ sourceId }) => ({ sourceId, line: 42 }));
}
