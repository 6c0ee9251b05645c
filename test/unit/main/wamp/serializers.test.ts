import { describe, expect, it } from 'vitest';
import { chooseSerializer, jsonSerializer, msgpackSerializer, neutralizeNonFiniteTokens, parseTolerantJson } from '../../../../main/wamp/serializers.js';

describe('tolerant JSON', () => {
  it('turns bare NaN and ±Infinity into null but leaves them inside strings', () => {
    expect(neutralizeNonFiniteTokens('[NaN, -Infinity, Infinity, "NaN \\" Infinity"]')).toBe('[null, null, null, "NaN \\" Infinity"]');
    expect(parseTolerantJson('{"a": [1, NaN], "b": "Infinity"}')).toEqual({ a: [1, null], b: 'Infinity' });
  });

  it('still rejects text that is broken for other reasons', () => {
    expect(() => parseTolerantJson('[1, NaN')).toThrow();
    expect(() => parseTolerantJson('{"a": nan}')).toThrow();
  });

  it('names the problem when a frame does not decode', () => {
    expect(() => jsonSerializer.decode(Buffer.from('[1,'))).toThrow(/frame is not valid JSON/);
    expect(() => msgpackSerializer.decode(Buffer.from([0xc1]))).toThrow(/frame is not valid MessagePack/);
  });

  it('round-trips 2^53 ids through msgpack', () => {
    const frame = msgpackSerializer.encode([50, 2 ** 53, {}, [1.5, 'x']]) as Uint8Array;
    expect(msgpackSerializer.decode(Buffer.from(frame))).toEqual([50, 2 ** 53, {}, [1.5, 'x']]);
  });
});

describe('subprotocol choice', () => {
  it('takes the client\'s first supported offer and skips batched variants', () => {
    expect(chooseSerializer(['wamp.2.msgpack.batched', 'wamp.2.msgpack', 'wamp.2.json'])?.protocol).toBe('wamp.2.msgpack');
    expect(chooseSerializer(['wamp.2.cbor', 'wamp.2.json.batched', 'wamp.2.json'])?.protocol).toBe('wamp.2.json');
    expect(chooseSerializer(['wamp.2.ubjson'])).toBeUndefined();
  });
});
