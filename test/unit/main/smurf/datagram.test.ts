import { describe, expect, it } from 'vitest';
import { parseDatagram, SMURF_MESSAGE_TYPES } from '../../../../main/smurf/datagram.js';

const ENVELOPE = { host: 'smurf-srv', id: 'crate1slot2', script: 'tune.py', time: 1700000000.25, seq_no: 4, type: 'session_data', payload: { a: 1 } };
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');

describe('parseDatagram', () => {
  it('accepts every pysmurf message type with the exact envelope', () => {
    for (const type of SMURF_MESSAGE_TYPES) {
      const parsed = parseDatagram(bytes({ ...ENVELOPE, type }));
      expect(parsed).toEqual({ ok: true, knownType: true, message: { ...ENVELOPE, type } });
    }
  });

  it("accepts Python json.dumps output, spaces and NaN included (NaN becomes null)", () => {
    const python = '{"host": "smurf-srv", "id": "crate1slot2", "script": "undeclared", "time": 1700000000.5, "seq_no": 0, "type": "session_data", "payload": {"noise": NaN, "note": "NaN stays in strings", "n": [1, Infinity, -Infinity]}}';
    const parsed = parseDatagram(bytes(python));
    expect(parsed.ok && parsed.message.payload).toEqual({ noise: null, note: 'NaN stays in strings', n: [1, null, null] });
  });

  it('accepts an unknown type but flags it', () => {
    expect(parseDatagram(bytes({ ...ENVELOPE, type: 'future_type' }))).toMatchObject({ ok: true, knownType: false });
  });

  it('accepts any payload, null included', () => {
    expect(parseDatagram(bytes({ ...ENVELOPE, type: 'session_log', payload: 'text' })).ok).toBe(true);
    expect(parseDatagram(bytes({ ...ENVELOPE, payload: null })).ok).toBe(true);
  });

  it.each([
    [Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), 'not UTF-8 text'],
    [bytes('{"host": '), /^not JSON \(/],
    [bytes('[1, 2]'), 'not a JSON object (got an array)'],
    [bytes('null'), 'not a JSON object (got null)'],
    [bytes('42'), 'not a JSON object (got number)'],
    [bytes(''), /^not JSON/],
    [bytes({ ...ENVELOPE, host: undefined }), 'missing key "host"'],
    [bytes({ ...ENVELOPE, id: 7 }), 'key "id" must be a string (got 7)'],
    [bytes({ ...ENVELOPE, script: null }), 'key "script" must be a string (got null)'],
    [bytes({ ...ENVELOPE, type: '' }), 'key "type" is empty'],
    [bytes({ ...ENVELOPE, type: ['log'] }), 'key "type" must be a string (got an array)'],
    [bytes({ ...ENVELOPE, time: '1700000000' }), 'key "time" must be a finite number (got "1700000000")'],
    [bytes('{"host":"h","id":"i","script":"s","time":NaN,"seq_no":0,"type":"log","payload":{}}'), 'key "time" must be a finite number (got null)'],
    [bytes({ ...ENVELOPE, seq_no: -1 }), 'key "seq_no" must be a non-negative integer (got -1)'],
    [bytes({ ...ENVELOPE, seq_no: 1.5 }), 'key "seq_no" must be a non-negative integer (got 1.5)'],
    [bytes({ ...ENVELOPE, seq_no: undefined }), 'missing key "seq_no"'],
    [bytes({ ...ENVELOPE, payload: undefined }), 'missing key "payload"'],
  ])('refuses malformed input %#: %s', (data, reason) => {
    const parsed = parseDatagram(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});
