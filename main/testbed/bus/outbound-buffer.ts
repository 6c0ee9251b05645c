/** One send waiting for the link: its destination, its JSON body and the promise send() returned. */
export interface PendingSend {
  destination: string;
  body: string;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Sends made while the link is down, kept in order up to a bound. A send beyond the bound fails at
 * once rather than growing memory without limit during a long broker outage.
 */
export class OutboundBuffer {
  private readonly items: PendingSend[] = [];

  constructor(private readonly maxItems: number) {
    if (!Number.isInteger(maxItems) || maxItems < 0) throw new Error(`maxQueued must be a non-negative integer, got ${maxItems}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Queues a send; the promise settles when the send is written (or fails). Rejects at once when full. */
  push(destination: string, body: string, why: string): Promise<void> {
    if (this.items.length >= this.maxItems) {
      return Promise.reject(new Error(`testbed bus: message to ${destination} not sent: ${why} and ${this.maxItems} messages are already waiting`));
    }
    return new Promise<void>((resolve, reject) => this.items.push({ destination, body, resolve, reject }));
  }

  /** The oldest waiting send, removed from the queue. */
  shift(): PendingSend | undefined {
    return this.items.shift();
  }

  /** Puts a send back at the head (the link went down while flushing). */
  unshift(item: PendingSend): void {
    this.items.unshift(item);
  }

  /** Fails every waiting send with `reason` and empties the queue. */
  rejectAll(reason: string): void {
    for (const item of this.items.splice(0)) item.reject(new Error(`testbed bus: message to ${item.destination} not sent: ${reason}`));
  }
}
