/**
 * MessageRecorder: the station's listener (upstream's monitor listener, spec §2.5/§4.2). It subscribes
 * the broadcast topics and records every message in the store, where recordMessage drops duplicates
 * (same broker message id on the same destination, else same sender, type, run and body), so a
 * redelivery or a reconnect never doubles a row. Queues are not subscribed: that would steal their
 * messages from the agents they are meant for.
 */
import { silentLogger, type OcsLogger } from '../../ocs/logger.js';
import type { TestbedStore } from '../../store/testbed-types.js';
import type { MessageMeta, Subscription, TestbedBus } from '../bus/index.js';
import { TOPIC_EPIC, type TestbedMessage } from '../messages.js';

/** The topics recorded: the epic topic and the PanDA topics of the fast-processing agent (§4.2). */
export const RECORDED_TOPICS: readonly string[] = [TOPIC_EPIC, '/topic/panda.workers', '/topic/panda.slices'];

export interface MessageRecorderOptions {
  /** A bus without identity (every namespace is recorded). */
  bus: TestbedBus;
  store: { readonly testbed: Pick<TestbedStore, 'recordMessage'> };
  topics?: readonly string[];
  logger?: OcsLogger;
}

/** Counts since start. */
export interface RecorderStats {
  recorded: number;
  duplicates: number;
  failed: number;
}

export class MessageRecorder {
  private subscriptions: Subscription[] = [];
  private readonly counters: RecorderStats = { recorded: 0, duplicates: 0, failed: 0 };
  private readonly logger: OcsLogger;

  constructor(private readonly options: MessageRecorderOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Connects the bus if needed and subscribes; resolves once every subscription is confirmed. */
  async start(): Promise<void> {
    if (this.subscriptions.length > 0) return;
    const { bus } = this.options;
    if (bus.state === 'disconnected') await bus.connect();
    this.subscriptions = (this.options.topics ?? RECORDED_TOPICS).map((topic) => bus.subscribe(topic, (message, meta) => this.record(message, meta)));
    await Promise.all(this.subscriptions.map((s) => s.ready));
  }

  /** Records one message (also usable directly, e.g. for messages the station itself sends). */
  record(message: TestbedMessage, meta: Pick<MessageMeta, 'destination' | 'messageId'>): void {
    try {
      const { inserted } = this.options.store.testbed.recordMessage({ messageId: meta.messageId || null, destination: meta.destination, body: message, receivedAt: Date.now() });
      if (inserted) this.counters.recorded++;
      else this.counters.duplicates++;
    } catch (error) {
      this.counters.failed++;
      this.logger.error(`cannot record ${String(message.msg_type ?? message.command)} from ${meta.destination}: ${(error as Error).message}`);
    }
  }

  stats(): RecorderStats {
    return { ...this.counters };
  }

  /** Unsubscribes; the bus stays open (it belongs to the caller). */
  async stop(): Promise<void> {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
  }
}
