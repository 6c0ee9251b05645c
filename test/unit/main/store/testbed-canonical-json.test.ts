import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from '../../../../main/store/canonical-json.js';

describe('canonical JSON (message dedupe key)', () => {
  it('sorts keys at every depth, keeps array order, drops undefined like JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it('hashes equal bodies equally and different bodies differently', () => {
    expect(canonicalHash({ msg_type: 'stf_gen', run_id: '1' })).toBe(canonicalHash({ run_id: '1', msg_type: 'stf_gen' }));
    expect(canonicalHash({ msg_type: 'stf_gen', run_id: '1' })).not.toBe(canonicalHash({ msg_type: 'stf_gen', run_id: 1 }));
    expect(canonicalHash({ list: [1, 2] })).not.toBe(canonicalHash({ list: [2, 1] }));
    expect(canonicalHash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
