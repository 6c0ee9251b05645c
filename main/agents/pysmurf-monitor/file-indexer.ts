import type { NewDataFile } from '../../smurf/data-file-message.js';
import type { OcsLogger } from '../../ocs/logger.js';
import { InvalidDataFileError } from '../../store/data-file-store.js';

/** Where indexed files go: the station store's DataFileStore (or anything with its `add`). */
export interface DataFileSink {
  add(file: NewDataFile): unknown;
}

export interface FileIndexerStatus {
  store: 'ok' | 'degraded' | 'none';
  indexed: number;
  /** Waiting for the store to accept writes again. */
  pending: number;
  /** Dropped: too many were waiting for a failing store, or the store refused the row as invalid. */
  lost: number;
  lastError: string | null;
}

/**
 * Writes registered files to the store in arrival order. When the store fails, files wait in memory
 * (up to `maxPending`) and are retried every `retryMs`; meanwhile the monitor reports itself degraded,
 * like the upstream monitor when its database is unreachable.
 */
export class FileIndexer {
  private readonly queue: NewDataFile[] = [];
  private indexed = 0;
  private lost = 0;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly sink: DataFileSink | null,
    private readonly logger: OcsLogger,
    private readonly retryMs = 5000,
    private readonly maxPending = 10_000,
  ) {}

  add(file: NewDataFile): void {
    if (!this.sink) return;
    if (this.queue.length >= this.maxPending) {
      this.lost += 1;
      return;
    }
    this.queue.push(file);
    // While older files wait for a retry, newer ones queue behind them to keep the order.
    if (this.queue.length === 1) this.drain();
  }

  status(): FileIndexerStatus {
    const store = !this.sink ? 'none' : this.lastError !== null ? 'degraded' : 'ok';
    return { store, indexed: this.indexed, pending: this.queue.length, lost: this.lost, lastError: this.lastError };
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    this.timer = null;
    while (this.queue.length > 0) {
      try {
        this.sink!.add(this.queue[0]);
      } catch (error) {
        // A row the store refuses as invalid would block the queue forever: drop it, keep going.
        if (error instanceof InvalidDataFileError) {
          this.logger.error(`Dropped data file ${this.queue.shift()!.path}: ${error.message}`);
          this.lost += 1;
          continue;
        }
        const message = (error as Error)?.message ?? String(error);
        if (this.lastError === null) this.logger.error(`Could not index data file ${this.queue[0].path}: ${message}; retrying every ${this.retryMs} ms`);
        this.lastError = message;
        this.timer = setTimeout(() => this.drain(), this.retryMs);
        this.timer.unref();
        return;
      }
      this.queue.shift();
      this.indexed += 1;
    }
    if (this.lastError !== null) this.logger.info('Data file index is writable again.');
    this.lastError = null;
  }
}
