import { describe, expect, it } from 'vitest';
import { buildParams, parseAuto, parseParamsJson } from '../../../../renderer/src/logic/param-values.js';
import { parseSignature } from '../../../../renderer/src/logic/signature.js';

const specs = parseSignature("op(a=1, b=2.0, c=True, d='x', e=None, f)")!.params;

describe('buildParams', () => {
  it('sends the defaults, typed, and leaves empty untyped fields out', () => {
    expect(buildParams(specs, {})).toEqual({ ok: true, params: { a: 1, b: 2, c: true, d: 'x' } });
  });

  it('converts edited texts to their kinds', () => {
    expect(buildParams(specs, { a: '7', b: '0.25', c: 'false', d: 'hello', e: '[1,2]', f: 'plain text' })).toEqual({
      ok: true,
      params: { a: 7, b: 0.25, c: false, d: 'hello', e: [1, 2], f: 'plain text' },
    });
  });

  it('names the field when a number does not parse', () => {
    expect(buildParams(specs, { a: '1.5' })).toEqual({ ok: false, error: 'a: "1.5" is not an integer' });
    expect(buildParams(specs, { b: 'abc' })).toEqual({ ok: false, error: 'b: "abc" is not a number' });
  });
});

describe('parseAuto', () => {
  it('reads JSON when it is JSON, else keeps the text', () => {
    expect(parseAuto('3')).toBe(3);
    expect(parseAuto('null')).toBeNull();
    expect(parseAuto('{"k": 1}')).toEqual({ k: 1 });
    expect(parseAuto('abc')).toBe('abc');
  });
});

describe('parseParamsJson', () => {
  it('accepts an object or nothing and rejects everything else with a reason', () => {
    expect(parseParamsJson('')).toEqual({ ok: true, params: {} });
    expect(parseParamsJson('{"delay": 2}')).toEqual({ ok: true, params: { delay: 2 } });
    expect(parseParamsJson('[1]')).toEqual({ ok: false, error: 'params: expected a JSON object such as {"delay": 2}' });
    const bad = parseParamsJson('{delay');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^params: not valid JSON/);
  });
});
