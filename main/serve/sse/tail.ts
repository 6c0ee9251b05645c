/**
 * One tail over the store's recorded messages, shared by every open stream: it reads the rows after the
 * last one it read, in id order, and hands each to every subscriber. It reads when this process records a
 * message (coalesced to one read per tick) and when `PRAGMA data_version` shows that another connection
 * committed (polled while anyone is subscribed), so rows other processes write arrive live too.
 *
 * SQLite has one writer at a time and hands out ids inside the write transaction, so ids increase in commit
 * order: reading `id > lastId` can never skip a row that a later read would find below it.
 */
import type { MessageRecord, StationStore } from '../../store/index.js';

export interface MessageTailOptions {
  store: Pick<StationStore, 'testbed' | 'onChange'>;
  /** How often `data_version` is checked while subscribers exist, in ms. Default 250. */
  pollMs?: number;
  /** Rows per read; a full page schedules the next read on the following tick. Default 500. */
  pageSize?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface TailSubscriber {
  /** Every row the tail reads after the subscription, in id order. */
  deliver(message: MessageRecord): void;
  /** The tail cannot read the store any more: the subscriber should end (its client resumes with Last-Event-ID). */
  fail(error: Error): void;
}

export class MessageTail {
  private readonly subscribers = new Set<TailSubscriber>();
  private readonly pollMs: number;
  private readonly pageSize: number;
  private readonly log: NonNullable<MessageTailOptions['log']>;
  /** The highest id read so far (valid while running). */
  private lastId = 0;
  private seenVersion = 0;
  private poll: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly options: MessageTailOptions) {
    this.pollMs = options.pollMs ?? 250;
    this.pageSize = options.pageSize ?? 500;
    this.log = options.log ?? (() => {});
  }

  /** Whether the tail is reading (someone is subscribed). */
  get running(): boolean {
    return this.poll !== null;
  }

  /** Adds a subscriber (starting the tail at the newest stored row when it was idle); returns its unsubscribe function. */
  subscribe(subscriber: TailSubscriber): () => void {
    this.subscribers.add(subscriber);
    if (!this.running) this.start();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  /** Stops reading and forgets every subscriber. */
  close(): void {
    this.subscribers.clear();
    this.stop();
  }

  private start(): void {
    const testbed = this.options.store.testbed;
    this.seenVersion = testbed.dataVersion();
    // Idle, the tail read nothing: it starts at the newest row, and replays cover anything older.
    this.lastId = testbed.listMessages({ newest: true, limit: 1 })[0]?.id ?? 0;
    this.unsubscribe = this.options.store.onChange((change) => {
      // The event's own row is not used: reading from the store keeps other processes' earlier rows in order.
      if (change.kind === 'testbed-message') this.schedule();
    });
    this.poll = setInterval(() => {
      if (this.options.store.testbed.dataVersion() !== this.seenVersion) this.schedule();
    }, this.pollMs);
    // A store's timer must not keep a CLI process alive on its own.
    this.poll.unref();
  }

  private stop(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.scheduled) clearImmediate(this.scheduled);
    this.unsubscribe?.();
    this.poll = null;
    this.scheduled = null;
    this.unsubscribe = null;
  }

  /** One read per tick however many events arrive in it; the read happens outside the writer's call stack. */
  private schedule(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = setImmediate(() => {
      this.scheduled = null;
      this.read();
    });
  }

  private read(): void {
    if (!this.running) return;
    let page: MessageRecord[];
    try {
      const testbed = this.options.store.testbed;
      // Noted before reading, so a commit that lands after the read still changes it and is read next poll.
      this.seenVersion = testbed.dataVersion();
      page = testbed.listMessages({ afterId: this.lastId, limit: this.pageSize });
    } catch (error) {
      this.log('error', `message stream: reading the store failed: ${(error as Error).message}`);
      for (const subscriber of [...this.subscribers]) subscriber.fail(error as Error);
      return this.close();
    }
    for (const message of page) {
      this.lastId = message.id;
      for (const subscriber of this.subscribers) subscriber.deliver(message);
    }
    // A burst larger than a page is read a page per tick, so the event loop keeps serving in between.
    if (page.length === this.pageSize) this.schedule();
  }
}
