/**
 * Parses OCS data-feed messages into numeric series. Accepted (ocs-protocol.md §3.3):
 * - a recorded flush: `{block_name: {block_name, timestamps: [...], data: {field: [...]}}, ...}`
 * - one unwrapped block: `{block_name?, timestamps: [...], data: {field: [...]}}`
 * - one sample: `{block_name?, timestamp, data: {field: value}}`
 * Never throws: bad shapes are counted as malformed, non-numeric values as skipped.
 */

/** The points of one (block, field) found in one message, ascending as published. */
export interface ParsedSeries {
  block: string;
  field: string;
  t: number[];
  v: number[];
}

export interface ParsedFeedMessage {
  series: ParsedSeries[];
  /** Values that were not finite numbers (strings, booleans, null – Python's NaN arrives as null). */
  skipped: number;
  /** Blocks (or the whole message) in no known shape; 0 for a clean message. */
  malformed: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The message of a feed EVENT: OCS publishes one positional argument `[message, feed_info]`. */
export function feedEventMessage(args: unknown): unknown {
  if (!Array.isArray(args) || args.length === 0) return undefined;
  const envelope: unknown = args[0];
  return Array.isArray(envelope) ? envelope[0] : undefined;
}

/** Parses one feed message (see the module comment for the accepted shapes). */
export function parseFeedMessage(message: unknown): ParsedFeedMessage {
  const out: ParsedFeedMessage = { series: [], skipped: 0, malformed: 0 };
  if (!isObject(message)) {
    out.malformed = 1;
    return out;
  }
  if ('data' in message && ('timestamp' in message || 'timestamps' in message)) {
    const name = typeof message.block_name === 'string' ? message.block_name : '';
    if ('timestamps' in message) parseBlock(name, message, out);
    else parseSample(name, message, out);
    return out;
  }
  const blocks = Object.entries(message);
  if (blocks.length === 0) out.malformed = 1;
  for (const [key, block] of blocks) {
    if (!isObject(block)) {
      out.malformed++;
      continue;
    }
    parseBlock(typeof block.block_name === 'string' ? block.block_name : key, block, out);
  }
  return out;
}

function parseSample(block: string, message: Json, out: ParsedFeedMessage): void {
  if (!isNumber(message.timestamp) || !isObject(message.data)) {
    out.malformed++;
    return;
  }
  for (const [field, value] of Object.entries(message.data)) {
    if (isNumber(value)) out.series.push({ block, field, t: [message.timestamp], v: [value] });
    else out.skipped++;
  }
}

function parseBlock(block: string, encoded: Json, out: ParsedFeedMessage): void {
  const { timestamps, data } = encoded;
  if (!Array.isArray(timestamps) || !isObject(data)) {
    out.malformed++;
    return;
  }
  const columns = Object.entries(data);
  // OCS guarantees equal lengths (Block.encoded); a mismatch means the whole block cannot be trusted.
  if (columns.some(([, values]) => !Array.isArray(values) || values.length !== timestamps.length)) {
    out.malformed++;
    return;
  }
  for (const [field, values] of columns as Array<[string, unknown[]]>) {
    const series: ParsedSeries = { block, field, t: [], v: [] };
    values.forEach((value, index) => {
      const time: unknown = timestamps[index];
      if (isNumber(value) && isNumber(time)) {
        series.t.push(time);
        series.v.push(value);
      } else out.skipped++;
    });
    if (series.t.length > 0) out.series.push(series);
  }
}
