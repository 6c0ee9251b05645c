import { describe, expect, it } from 'vitest';
import { pyClass, pyRepr, pyStr, pyTypeName } from '../../../../main/ocs/py-format.js';

describe('pyRepr', () => {
  it('renders Python literals', () => {
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr(true)).toBe('True');
    expect(pyRepr(false)).toBe('False');
    expect(pyRepr(5)).toBe('5');
    expect(pyRepr(0.25)).toBe('0.25');
  });

  it('renders floats like Python repr (exponent below 1e-4 and from 1e16)', () => {
    expect(pyRepr(1e-5)).toBe('1e-05');
    expect(pyRepr(1.5e-7)).toBe('1.5e-07');
    expect(pyRepr(0.0001)).toBe('0.0001');
    expect(pyRepr(1e16)).toBe('1e+16');
    expect(pyRepr(Infinity)).toBe('inf');
    expect(pyRepr(NaN)).toBe('nan');
  });

  it('quotes strings the way Python chooses quotes', () => {
    expect(pyRepr('dela')).toBe("'dela'");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('both \' and "')).toBe("'both \\' and \"'");
    expect(pyRepr('a\nb')).toBe("'a\\nb'");
  });

  it('renders lists and dicts', () => {
    expect(pyRepr(['dela', 'x'])).toBe("['dela', 'x']");
    expect(pyRepr({ a: 1, b: [true, null] })).toBe("{'a': 1, 'b': [True, None]}");
  });
});

describe('pyStr / pyTypeName / pyClass', () => {
  it('leaves strings unquoted at top level only', () => {
    expect(pyStr('two')).toBe('two');
    expect(pyStr(['two'])).toBe("['two']");
  });

  it('names Python types of JSON values', () => {
    expect(pyTypeName(null)).toBe('NoneType');
    expect(pyTypeName(1)).toBe('int');
    expect(pyTypeName(1.5)).toBe('float');
    expect(pyTypeName({})).toBe('dict');
    expect(pyClass('float')).toBe("<class 'float'>");
  });
});
