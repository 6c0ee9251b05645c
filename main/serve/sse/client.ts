/** One open stream's writer: sends events and drops the client when it stops reading. */
import type { ServerResponse } from 'node:http';
import { errorEvent } from './events.js';

export class StreamClient {
  private dropped = false;

  /**
   * @param res the open response (headers already sent)
   * @param maxBufferedBytes bytes the response may hold unsent before the client counts as too slow
   * @param onDrop called once when the client is dropped for being slow
   */
  constructor(
    readonly id: string,
    private readonly res: ServerResponse,
    private readonly maxBufferedBytes: number,
    private readonly onDrop: (bufferedBytes: number) => void,
  ) {}

  /** Whether the client is gone (dropped, or its connection closed). */
  get closed(): boolean {
    return this.dropped || this.res.destroyed || this.res.writableEnded;
  }

  /** Resolves once the response's buffer has drained (at once when it needs no draining) or the client is gone. */
  async drained(): Promise<void> {
    if (this.closed || !this.res.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  /** Writes one event; returns false when the client is gone (already, or dropped instead of this write). */
  send(event: string): boolean {
    if (this.closed) return false;
    // The backlog before this write decides, so one event larger than the limit does not drop a client that keeps up;
    // writableNeedDrain alone only means "above the high-water mark", which kernel buffers make normal for bursts.
    const buffered = this.res.writableLength;
    if (!this.res.writableNeedDrain || buffered <= this.maxBufferedBytes) {
      this.res.write(event);
      return true;
    }
    this.dropped = true;
    // Best effort: a client that does not read will likely never see it, but one that merely lagged might.
    this.res.end(errorEvent(`client too slow: dropped after ${buffered} buffered bytes`));
    this.res.destroy();
    this.onDrop(buffered);
    return false;
  }
}
