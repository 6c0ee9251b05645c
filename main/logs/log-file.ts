/**
 * One log file as the viewer sees it: an incremental line-offset index built by streaming 4 MiB
 * reads (windows are answered as soon as the index reaches them), growth, truncation and rotation.
 * Nothing reads the whole file into memory.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { LogFileState, LogSearchResult } from '../../shared/logs.js';
import { LineOffsets } from './line-index.js';
import type { LineSource } from './line-source.js';
import { searchFile, type SearchOptions } from './search.js';

const READ_CHUNK = 4 * 1024 * 1024;
/** Longest line text a window carries; longer lines are cut (and flagged). */
export const MAX_LINE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** What one refresh found: `added` complete lines; `reset` after rotation or truncation (the lines are then the new file's). */
export interface AppendEvent {
  added: number;
  reset: boolean;
  /** The old file's last lines before a rotation: listeners may read them now (the refresh waits for them), the next event resets. */
  final?: boolean;
}

/** A line's text (without its newline) and whether it was cut. */
export interface RawLine {
  text: string;
  cut: boolean;
}

export class LogFile implements LineSource {
  readonly starts = new LineOffsets();
  private scanned = 0;
  private rotations = 0;
  private truncations = 0;
  private pumping: Promise<void> | null = null;
  private waiters: Array<{ lines: number; resolve: () => void }> = [];
  private refreshing: Promise<void> | null = null;
  private again = false;
  private readonly listeners = new Set<(event: AppendEvent) => void | Promise<void>>();
  private closed = false;

  private constructor(
    readonly path: string,
    private fh: FileHandle,
    private ino: number,
  ) {
    this.starts.push(0);
  }

  /** Opens the file and starts indexing it in the background (the caller has validated the path). */
  static async open(path: string): Promise<LogFile> {
    const fh = await open(path, 'r');
    const file = new LogFile(path, fh, (await fh.stat()).ino);
    file.startPump();
    return file;
  }

  /** Bytes indexed so far. */
  get bytes(): number {
    return this.scanned;
  }

  /** Lines ending in a newline. */
  completeLines(): number {
    return this.starts.length - 1;
  }

  /** Complete lines plus a last line without newline (what `wc -l` + 1 or `grep -c ''` counts). */
  totalLines(): number {
    return this.completeLines() + (this.scanned > (this.starts.last() as number) ? 1 : 0);
  }

  /** True once the index has reached the end of the file as it was when last looked at. */
  isIndexed(): boolean {
    return this.pumping === null;
  }

  state(): LogFileState {
    return { totalLines: this.totalLines(), bytes: this.scanned, indexed: this.isIndexed(), rotations: this.rotations, truncations: this.truncations };
  }

  /** Resolves once `lines` lines are indexed or the index reached the end. */
  whenLines(lines: number): Promise<void> {
    if (this.totalLines() >= lines || this.pumping === null) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ lines, resolve }));
  }

  /** Resolves once the whole file is indexed. */
  async whenIndexed(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Byte range [start, end) of line i (0-based), newline excluded. */
  lineRange(i: number): [number, number] {
    const start = this.starts.get(i) as number;
    const next = this.starts.get(i + 1);
    return [start, next === undefined ? this.scanned : next - 1];
  }

  /** 0-based line holding byte `offset`. */
  lineOf(offset: number): number {
    return this.starts.floorIndex(offset);
  }

  /** Lines [from, from+count) (1-based), waiting for the index to reach them; fewer at the end. */
  async readLines(from: number, count: number): Promise<RawLine[]> {
    await this.whenLines(from + count - 1);
    const first = from - 1;
    const end = Math.min(first + count, this.totalLines());
    if (first >= end) return [];
    const [startByte] = this.lineRange(first);
    const endByte = this.lineRange(end - 1)[1];
    // One read for an ordinary window; line by line (each capped) when very long lines make the range huge.
    if (endByte - startByte <= 16 * MAX_LINE_BYTES + count * 256) {
      const buf = await this.read(startByte, endByte - startByte);
      const out: RawLine[] = [];
      for (let i = first; i < end; i++) {
        const [a, b] = this.lineRange(i);
        out.push(decodeLine(buf, a - startByte, Math.min(b - startByte, buf.length)));
      }
      return out;
    }
    const out: RawLine[] = [];
    for (let i = first; i < end; i++) {
      const [a, b] = this.lineRange(i);
      const buf = await this.read(a, Math.min(b - a, MAX_LINE_BYTES + 1));
      out.push(decodeLine(buf, 0, buf.length));
    }
    return out;
  }

  /** Positional read of up to `length` bytes. */
  async read(position: number, length: number, into?: Buffer): Promise<Buffer> {
    const buf = into ?? Buffer.allocUnsafe(length);
    const { bytesRead } = await this.fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  }

  /** Streams over the file (see search.ts). */
  search(options: SearchOptions): Promise<Omit<LogSearchResult, 'sourceId'>> {
    return searchFile(this, options);
  }

  /** Listens to appends, rotations and truncations (seen by refresh()); returns the unsubscribe function. */
  onAppend(listener: (event: AppendEvent) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Looks at the file again: rotation (the path now names another inode: the rest of the old file is
   * read first, then the new one), truncation (size below what was indexed: the index restarts) or growth.
   * Calls coalesce: one runs at a time and a call during a run schedules one more.
   */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.refreshOnce();
      } while (this.again && !this.closed);
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.pumping?.catch(() => {});
    await this.fh.close().catch(() => {});
  }

  private async refreshOnce(): Promise<void> {
    if (this.closed) return;
    const pathIno = await stat(this.path).then((s) => s.ino, () => null);
    // Size before reading: a file truncated and written again must not be indexed as a continuation.
    if ((await this.fh.stat()).size < this.scanned) {
      await this.pumping;
      this.reset();
      this.truncations++;
      await this.pump();
      return this.emit({ added: this.completeLines(), reset: true });
    }
    const before = this.completeLines();
    // The new file is opened before the old one's rest is read: a writer that created it is done with the old one.
    // Null: the old name is gone and the new file not created yet; keep reading the old one.
    const next = pathIno !== null && pathIno !== this.ino ? await open(this.path, 'r').catch(() => null) : null;
    await this.pump();
    const added = this.completeLines() - before;
    if (!next) {
      if (added > 0) this.emit({ added, reset: false });
      return;
    }
    {
      // Listeners read the old file's tail while it is still open: no line is lost across the rotation.
      await Promise.all([...this.listeners].map((listener) => listener({ added, reset: false, final: true })));
      await this.fh.close().catch(() => {});
      this.fh = next;
      this.ino = (await next.stat()).ino;
      this.reset();
      this.rotations++;
      await this.pump();
      this.emit({ added: this.completeLines(), reset: true });
    }
  }

  private reset(): void {
    this.starts.clear();
    this.starts.push(0);
    this.scanned = 0;
  }

  private emit(event: AppendEvent): void {
    for (const listener of this.listeners) void listener(event);
  }

  private startPump(): void {
    void this.pump().catch(() => {});
  }

  /** Indexes from `scanned` to the end of the file (one pump at a time; callers share it). */
  private pump(): Promise<void> {
    this.pumping ??= this.indexToEnd().finally(() => {
      this.pumping = null;
      this.wake(true);
    });
    return this.pumping;
  }

  private async indexToEnd(): Promise<void> {
    const buf = Buffer.allocUnsafe(READ_CHUNK);
    while (!this.closed) {
      const { bytesRead } = await this.fh.read(buf, 0, READ_CHUNK, this.scanned);
      if (bytesRead === 0) return;
      const base = this.scanned;
      const chunk = buf.subarray(0, bytesRead);
      for (let p = chunk.indexOf(NEWLINE, 0); p !== -1; p = chunk.indexOf(NEWLINE, p + 1)) this.starts.push(base + p + 1);
      this.scanned = base + bytesRead;
      this.wake(false);
    }
  }

  private wake(all: boolean): void {
    if (!this.waiters.length) return;
    const total = this.totalLines();
    const ready = this.waiters.filter((w) => all || total >= w.lines);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}

/** Decodes buf[a, b) as one line: UTF-8, a trailing CR dropped, cut at MAX_LINE_BYTES. */
export function decodeLine(buf: Buffer, a: number, b: number): RawLine {
  const cut = b - a > MAX_LINE_BYTES;
  const end = cut ? a + MAX_LINE_BYTES : b;
  const text = buf.toString('utf8', a, end);
  return { text: !cut && text.endsWith('\r') ? text.slice(0, -1) : text, cut };
}
