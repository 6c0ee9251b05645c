import type { FeedInfo } from '../../shared/ocs-codes.js';
import { unixTime } from './clock.js';
import { pyClass, pyTypeName } from './py-format.js';

/** What a Feed needs from its agent: identity for feed_info, and a way to put `[[message, feed_info]]` on the wire. */
export interface FeedOwner {
  readonly agentAddress: string;
  readonly agentSessionId: string;
  readonly agentClass: string;
  /** Publishes WAMP positional args on `topic` (no kwargs, options `{}`). */
  publish(topic: string, args: unknown[]): void;
}

/** register_feed options (upstream Feed.__init__). */
export interface FeedOptions {
  /** Aggregated (record) feed: messages are validated blocks. Default false. */
  record?: boolean;
  /** Aggregator hints: frame_length, fresh_time, exclude_aggregator, exclude_influx. */
  aggParams?: Record<string, unknown>;
  /** Seconds to buffer record messages before publishing (0 = publish every message). */
  bufferTime?: number;
  /** Accepted for parity with upstream; unused there too. */
  maxMessages?: number;
}

/** Single sample or multi-sample message accepted by record feeds. */
export interface RecordMessage {
  block_name: string;
  timestamp?: number;
  timestamps?: number[];
  data: Record<string, unknown>;
}

/** Wire form of one block (upstream Block.encoded). */
export interface EncodedBlock {
  block_name: string;
  data: Record<string, unknown[]>;
  timestamps: number[];
}

/** Throws if `field` breaks the field-name rules (upstream Feed.verify_data_field_string), same texts. */
export function verifyDataFieldString(field: string): true {
  if (!field) throw new Error('Empty field name encountered, please enter a valid field name.');
  const invalid = /[^a-zA-Z0-9_]/.exec(field);
  if (invalid) {
    throw new Error(
      `message 'data' block contains the key ${field} with the invalid character '${invalid[0]}'. ` +
        'Valid characters are a-z, A-Z, 0-9, and underscore.',
    );
  }
  // Python's str.strip('_') strips both ends; only the start matters for the letter check.
  if (/^[^a-zA-Z]/.test(field.replace(/^_+|_+$/g, ''))) {
    throw new Error(`message 'data' block contains the key ${field}, which does not start with a letter (after any number of leading underscores.)`);
  }
  if (field.length > 255) throw new Error(`message 'data' block contains key ${field} which exceeds the valid length of 255 characters.`);
  return true;
}

/** Rewrites any string into a valid field name (upstream Feed.enforce_field_name_rules). */
export function enforceFieldNameRules(fieldName: string): string {
  let name = fieldName === '' ? 'invalid_field' : fieldName;
  name = name.replace(/ /g, '_').replace(/[^a-zA-Z0-9_]/g, '');
  const underscores = /^_*/.exec(name)![0];
  name = name.slice(underscores.length).replace(/^[^a-zA-Z]*/, '');
  return (underscores + name).slice(0, 255);
}

const isValidScalar = (x: unknown) => typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean';

/** Throws unless a data value is a number/str/bool or a list of them (upstream verify_message_data_type). */
export function verifyMessageDataType(value: unknown): void {
  if (Array.isArray(value)) {
    const invalid = [...new Set(value.filter((x) => !isValidScalar(x)).map((x) => pyClass(pyTypeName(x))))];
    // Upstream's concatenation really lacks the space: "invalid datatypes".
    if (invalid.length > 0) throw new TypeError(`message 'data' block contains invalid datatypes: {${invalid.join(', ')}}`);
  } else if (!isValidScalar(value)) {
    throw new TypeError(`message 'data' block contains invalid data type: ${pyClass(pyTypeName(value))}`);
  }
}

/** Buffer of samples for one block_name; its field set is fixed at creation. */
class Block {
  timestamps: number[] = [];
  data: Record<string, unknown[]> = {};
  private readonly fields: Set<string>;

  constructor(
    readonly name: string,
    fields: string[],
    /** Creation order, so flushes list blocks in the order upstream's dict would. */
    readonly index: number,
  ) {
    this.fields = new Set(fields);
    for (const field of fields) this.data[field] = [];
  }

  private checkStructure(data: Record<string, unknown>): void {
    const keys = Object.keys(data);
    if (keys.length !== this.fields.size || !keys.every((k) => this.fields.has(k))) {
      throw new Error(`Block structure does not match: ${this.name}`);
    }
  }

  append(timestamp: number, data: Record<string, unknown>): void {
    this.checkStructure(data);
    this.timestamps.push(timestamp);
    for (const field of this.fields) this.data[field].push(data[field]);
  }

  extend(timestamps: number[], data: Record<string, unknown>): void {
    this.checkStructure(data);
    // Upstream only notices unequal lengths when encoding the frame; reject them up front instead.
    for (const field of this.fields) {
      const samples = data[field];
      if (!Array.isArray(samples) || samples.length !== timestamps.length) {
        throw new Error(`Block ${this.name}: field ${field} needs one sample per timestamp`);
      }
    }
    this.timestamps.push(...timestamps);
    for (const field of this.fields) this.data[field].push(...(data[field] as unknown[]));
  }

  /** Wire form; the buffers are handed over (clear() replaces them rather than emptying them). */
  encoded(): EncodedBlock {
    return { block_name: this.name, data: { ...this.data }, timestamps: this.timestamps };
  }

  clear(): void {
    this.timestamps = [];
    for (const field of this.fields) this.data[field] = [];
  }
}

/**
 * An OCS feed (upstream ocs_feed.Feed). Non-record feeds publish `[[message, feed_info]]` at once.
 * Record feeds validate messages into per-block buffers and publish a dict of the non-empty blocks
 * once `bufferTime` has passed since the first buffered sample. Only blocks holding samples are visited on a flush,
 * so the cost does not grow with the number of blocks ever seen (the Registry keeps one block per op).
 */
export class Feed {
  readonly name: string;
  readonly record: boolean;
  readonly aggParams: Record<string, unknown>;
  readonly bufferTime: number;
  readonly address: string;
  private readonly blocks = new Map<string, Block>();
  private readonly pending = new Set<Block>();
  private bufferStart: number | null = null;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly owner: FeedOwner,
    name: string,
    options: FeedOptions = {},
    private readonly now: () => number = unixTime,
  ) {
    this.name = name;
    this.record = options.record ?? false;
    this.aggParams = options.aggParams ?? {};
    this.bufferTime = options.bufferTime ?? 0;
    this.address = `${owner.agentAddress}.feeds.${name}`;
  }

  /** feed_info, the second element of every published envelope (upstream Feed.encoded). */
  encoded(): FeedInfo {
    return {
      agent_address: this.owner.agentAddress,
      agg_params: this.aggParams,
      feed_name: this.name,
      address: this.address,
      record: this.record,
      session_id: this.owner.agentSessionId,
      agent_class: this.owner.agentClass,
    };
  }

  /**
   * Publishes (or, for buffered record feeds, buffers) one message. Record messages are
   * `{block_name, timestamp, data: {field: scalar}}` or `{block_name, timestamps, data: {field: [..]}}`;
   * invalid ones throw with upstream's texts.
   */
  publishMessage(message: unknown): void {
    if (!this.record) {
      this.owner.publish(this.address, [[message, this.encoded()]]);
      return;
    }
    const now = this.now();
    this.bufferRecord(message);
    if (this.bufferStart === null) {
      this.bufferStart = now;
      this.scheduleTrailingFlush();
    }
    if (now - this.bufferStart >= this.bufferTime) this.flush();
  }

  /** Publishes every buffered block now and empties the buffers. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.bufferStart = null;
    if (this.pending.size === 0) return;
    const blocks = [...this.pending].sort((a, b) => a.index - b.index);
    const frame: Record<string, EncodedBlock> = {};
    for (const block of blocks) frame[block.name] = block.encoded();
    this.owner.publish(this.address, [[frame, this.encoded()]]);
    for (const block of blocks) block.clear();
    this.pending.clear();
  }

  /** Stops the trailing-flush timer (buffered samples are dropped). */
  close(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private bufferRecord(message: unknown): void {
    const msg = message as Partial<RecordMessage> | null;
    if (typeof msg !== 'object' || msg === null || typeof msg.data !== 'object' || msg.data === null || Array.isArray(msg.data)) {
      throw new Error("Invalid message when record=True: needs 'block_name' and a 'data' dict");
    }
    for (const [field, value] of Object.entries(msg.data)) {
      verifyDataFieldString(field);
      verifyMessageDataType(value);
    }
    const blockName = String(msg.block_name);
    let block = this.blocks.get(blockName);
    if (!block) {
      block = new Block(blockName, Object.keys(msg.data), this.blocks.size);
      this.blocks.set(blockName, block);
    }
    if ('timestamp' in msg) block.append(Number(msg.timestamp), msg.data);
    else if ('timestamps' in msg && Array.isArray(msg.timestamps)) block.extend(msg.timestamps.map(Number), msg.data);
    else throw new Error(`Invalid message when record=True.  keys=${JSON.stringify(Object.keys(msg))}`);
    this.pending.add(block);
  }

  // Upstream flushes only when the next message arrives; a timer also sends the last samples of a burst.
  private scheduleTrailingFlush(): void {
    if (this.bufferTime <= 0 || this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), this.bufferTime * 1000);
    this.flushTimer.unref();
  }
}
