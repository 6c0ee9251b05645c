import { StringDecoder } from 'node:string_decoder';

/** Longest line kept whole (characters); the rest of a longer line is dropped with a marker. */
export const DEFAULT_MAX_LINE_CHARS = 16_384;

/**
 * Splits a byte stream into text lines: `\n`, `\r\n` and a lone `\r` (progress bars) all end a line,
 * partial lines wait for the next chunk, multi-byte UTF-8 characters may straddle chunks, and a line
 * longer than `maxLineChars` is cut there with ` … [N more characters dropped]`.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private dropped = 0;
  private pendingCr = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineChars = DEFAULT_MAX_LINE_CHARS,
  ) {}

  /** Feeds a chunk; complete lines are emitted synchronously. */
  push(chunk: Buffer | string): void {
    this.consume(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  }

  /** Ends the stream: a pending partial line is emitted. */
  end(): void {
    this.consume(this.decoder.end());
    if (this.partial !== '' || this.dropped > 0) this.emit();
  }

  private consume(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      // "\r\n" split across two chunks: the "\n" closes nothing new.
      const skip = ch === 10 && this.pendingCr && i === start && this.partial === '' && this.dropped === 0;
      this.pendingCr = ch === 13;
      if (!skip) {
        this.append(text.slice(start, i));
        this.emit();
      }
      if (ch === 13 && text.charCodeAt(i + 1) === 10) {
        i++;
        this.pendingCr = false;
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.pendingCr = false;
      this.append(text.slice(start));
    }
  }

  private append(piece: string): void {
    const room = this.maxLineChars - this.partial.length;
    if (piece.length <= room) {
      this.partial += piece;
      return;
    }
    this.partial += piece.slice(0, Math.max(0, room));
    this.dropped += piece.length - Math.max(0, room);
  }

  private emit(): void {
    const line = this.dropped > 0 ? `${this.partial} … [${this.dropped} more characters dropped]` : this.partial;
    this.partial = '';
    this.dropped = 0;
    this.onLine(line);
  }
}
