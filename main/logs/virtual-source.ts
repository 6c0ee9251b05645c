/**
 * A source without a file: agent log rows and script-run output from the station store. Rows are
 * pulled incrementally (by id / sequence) into an in-memory list of formatted lines; the store keeps
 * them bounded, so this stays small compared with a file source.
 */
import type { LogFileState, LogSearchResult } from '../../shared/logs.js';
import type { AppendEvent, RawLine } from './log-file.js';
import type { LineSource } from './line-source.js';
import { compileQuery, PageCollector, type SearchOptions } from './search.js';
import { detectLevel } from './line-parse.js';

/** Returns the lines after `cursor` (at most a page) and the cursor to continue from; an empty page ends a pull. */
export type PullLines = (cursor: number) => { lines: string[]; cursor: number };

export class VirtualSource implements LineSource {
  private readonly lines: string[] = [];
  private cursor = 0;
  private readonly listeners = new Set<(event: AppendEvent) => void | Promise<void>>();

  constructor(private readonly pull: PullLines) {
    this.pullAll();
  }

  state(): LogFileState {
    return { totalLines: this.lines.length, bytes: 0, indexed: true, rotations: 0, truncations: 0 };
  }

  totalLines(): number {
    return this.lines.length;
  }

  completeLines(): number {
    return this.lines.length;
  }

  async readLines(from: number, count: number): Promise<RawLine[]> {
    return this.lines.slice(from - 1, from - 1 + count).map((text) => ({ text, cut: false }));
  }

  async whenIndexed(): Promise<void> {}

  async search(options: SearchOptions): Promise<Omit<LogSearchResult, 'sourceId'>> {
    const started = performance.now();
    const matcher = compileQuery(options.query, options.regex, options.caseSensitive);
    const collect = new PageCollector(options.fromLine, options.direction, options.limit);
    const wanted = options.levels?.length ? new Set(options.levels) : null;
    this.lines.forEach((text, i) => {
      if (!matcher.line.test(text)) return;
      const level = wanted ? detectLevel(text) : null;
      if (!wanted || (level && wanted.has(level))) collect.add(i + 1);
    });
    return { total: collect.total, lines: collect.keys(), scannedLines: this.lines.length, elapsedMs: Math.round(performance.now() - started) };
  }

  async refresh(): Promise<void> {
    const added = this.pullAll();
    if (added > 0) for (const listener of this.listeners) void listener({ added, reset: false });
  }

  onAppend(listener: (event: AppendEvent) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private pullAll(): number {
    let added = 0;
    for (;;) {
      const page = this.pull(this.cursor);
      if (!page.lines.length) return added;
      for (const line of page.lines) this.lines.push(line);
      added += page.lines.length;
      this.cursor = page.cursor;
    }
  }
}
