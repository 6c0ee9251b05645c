/**
 * The pysmurf publisher datagram (pysmurf `client/util/pub.py`, smurf.md §2): one UTF-8 JSON object
 * per UDP datagram, `{host, id, script, time, seq_no, type, payload}`.
 */
import { parseTolerantJson } from '../wamp/serializers.js';

/** Message types pysmurf, sodetlib, the rogue server and smurf-streamer publish. */
export const SMURF_MESSAGE_TYPES = [
  'start',
  'stop',
  'log',
  'general',
  'backend_error',
  'data_file',
  'session_data',
  'session_log',
  'metadata',
  'g3_file',
] as const;

export type SmurfMessageType = (typeof SMURF_MESSAGE_TYPES)[number];

/** pub.py constants: the monitor's default port and the largest datagram the publisher sends. */
export const DEFAULT_SMURF_UDP_PORT = 8200;
export const SMURF_UDP_MAX_BYTES = 64000;

/** One publisher message, exactly as it travels. */
export interface SmurfDatagram {
  /** Sender hostname. */
  host: string;
  /** Publisher id (`SMURFPUB_ID`), usually the slot's stream id. */
  id: string;
  /** Script id of the publishing SmurfControl (`'undeclared'` by default). */
  script: string;
  /** Unix seconds when published. */
  time: number;
  /** Counts up from 0 per publisher instance. */
  seq_no: number;
  /** One of SMURF_MESSAGE_TYPES, or a newer type this station does not know. */
  type: string;
  payload: unknown;
}

export type ParsedDatagram = { ok: true; message: SmurfDatagram; knownType: boolean } | { ok: false; reason: string };

const KNOWN_TYPES = new Set<string>(SMURF_MESSAGE_TYPES);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when `type` is one of the message types pysmurf defines. */
export function isKnownMessageType(type: string): type is SmurfMessageType {
  return KNOWN_TYPES.has(type);
}

/**
 * Parses one datagram. Malformed input (not UTF-8, not JSON, not an object, a missing or wrong-typed
 * envelope key) gives `{ok: false, reason}` naming the problem. Python's `NaN`/`Infinity` tokens
 * become null. An unknown `type` is accepted with `knownType: false`: a newer pysmurf may add types,
 * and the envelope is still well-formed, so the caller counts it rather than calling it malformed.
 */
export function parseDatagram(data: Uint8Array): ParsedDatagram {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return { ok: false, reason: 'not UTF-8 text' };
  }
  let value: unknown;
  try {
    value = parseTolerantJson(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `not a JSON object (got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value})` };
  }
  const problem = envelopeProblem(value as Record<string, unknown>);
  if (problem) return { ok: false, reason: problem };
  const message = value as SmurfDatagram;
  return { ok: true, message, knownType: isKnownMessageType(message.type) };
}

function envelopeProblem(envelope: Record<string, unknown>): string | null {
  for (const key of ['host', 'id', 'script', 'type'] as const) {
    if (!(key in envelope)) return `missing key "${key}"`;
    if (typeof envelope[key] !== 'string') return `key "${key}" must be a string (got ${describe(envelope[key])})`;
  }
  if (envelope.type === '') return 'key "type" is empty';
  if (!('time' in envelope)) return 'missing key "time"';
  if (typeof envelope.time !== 'number' || !Number.isFinite(envelope.time)) return `key "time" must be a finite number (got ${describe(envelope.time)})`;
  if (!('seq_no' in envelope)) return 'missing key "seq_no"';
  if (!Number.isSafeInteger(envelope.seq_no) || (envelope.seq_no as number) < 0) return `key "seq_no" must be a non-negative integer (got ${describe(envelope.seq_no)})`;
  if (!('payload' in envelope)) return 'missing key "payload"';
  return null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
