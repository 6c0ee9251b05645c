import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';

/** A WAMP serializer bound to a WebSocket subprotocol. */
export interface Serializer {
  readonly protocol: 'wamp.2.json' | 'wamp.2.msgpack';
  /** True when frames go out as binary WebSocket messages. */
  readonly binary: boolean;
  encode(message: unknown[]): string | Uint8Array;
  /** Decodes one frame; throws an Error naming the problem when the frame is not valid. */
  decode(frame: Buffer): unknown;
}

/**
 * Replaces the bare `NaN`, `Infinity` and `-Infinity` tokens that Python's json.dumps emits
 * (allow_nan=True) with `null`, leaving string contents alone, so JSON.parse accepts the text.
 */
export function neutralizeNonFiniteTokens(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34) {
      inString = true;
      continue;
    }
    const token = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('-Infinity', i) ? '-Infinity' : text.startsWith('Infinity', i) ? 'Infinity' : null;
    if (token) {
      out += text.slice(copiedUpTo, i) + 'null';
      i += token.length - 1;
      copiedUpTo = i + 1;
    }
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/**
 * Parses JSON text, tolerating the non-finite tokens Python peers send. Non-finite numbers become
 * null: they cannot be re-sent as valid JSON to other peers (autobahn-js would drop the session).
 */
export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Only pay for the scan when plain parsing failed, and only retry if a token was replaced.
    const cleaned = neutralizeNonFiniteTokens(text);
    if (cleaned === text) throw error;
    return JSON.parse(cleaned);
  }
}

export const jsonSerializer: Serializer = {
  protocol: 'wamp.2.json',
  binary: false,
  encode: (message) => JSON.stringify(message),
  decode(frame) {
    try {
      return parseTolerantJson(frame.toString('utf8'));
    } catch (error) {
      throw new Error(`frame is not valid JSON: ${(error as Error).message}`);
    }
  },
};

export const msgpackSerializer: Serializer = {
  protocol: 'wamp.2.msgpack',
  binary: true,
  encode: (message) => msgpackEncode(message),
  decode(frame) {
    try {
      return msgpackDecode(frame);
    } catch (error) {
      throw new Error(`frame is not valid MessagePack: ${(error as Error).message}`);
    }
  },
};

/** Subprotocols the router speaks, in its own order of preference. */
export const SERIALIZERS: readonly Serializer[] = [jsonSerializer, msgpackSerializer];

/** Picks the first subprotocol in the client's offer (its preference order) that the router speaks. */
export function chooseSerializer(offered: Iterable<string>): Serializer | undefined {
  for (const protocol of offered) {
    const serializer = SERIALIZERS.find((s) => s.protocol === protocol);
    if (serializer) return serializer;
  }
  return undefined;
}
