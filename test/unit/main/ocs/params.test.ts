import { describe, expect, it } from 'vitest';
import { NO_CHECK_STRAYS, normalizeParams, param, ParamError, prescreenParams, signatureLine } from '../../../../main/ocs/params.js';

const delayTask = [param('delay', { default: 5, type: 'float' }), param('succeed', { default: true, type: 'bool' })];

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ParamError);
    return (error as Error).message;
  }
  throw new Error('expected a ParamError');
}

describe('prescreenParams', () => {
  it('fills defaults', () => {
    expect(prescreenParams(delayTask, {})).toEqual({ delay: 5, succeed: true });
    expect(prescreenParams(delayTask, { delay: 0.2 })).toEqual({ delay: 0.2, succeed: true });
  });

  it('treats null as missing, so the default applies', () => {
    expect(prescreenParams(delayTask, { delay: null })).toEqual({ delay: 5, succeed: true });
  });

  it('rejects a wrong type with the upstream text', () => {
    expect(errorOf(() => prescreenParams(delayTask, { delay: 'two' }))).toBe("Param 'delay'=two is not of required type (<class 'float'>)");
    expect(errorOf(() => prescreenParams(delayTask, { succeed: 'yes' }))).toBe("Param 'succeed'=yes is not of required type (<class 'bool'>)");
  });

  it('rejects unexpected keys with the upstream text', () => {
    expect(errorOf(() => prescreenParams(delayTask, { dela: 1 }))).toBe("params included unexpected values: ['dela']");
  });

  it('accepts strays when _no_check_strays is declared', () => {
    expect(prescreenParams([...delayTask, param(NO_CHECK_STRAYS)], { dela: 1 })).toEqual({ delay: 5, succeed: true });
  });

  it('requires params without a default', () => {
    expect(errorOf(() => prescreenParams([param('voltage', { type: 'float' })], {}))).toBe("Param 'voltage' is required and must not be None");
  });

  it('keeps an explicit null when treatNoneAsMissing is false', () => {
    expect(prescreenParams([param('x', { treatNoneAsMissing: false })], { x: null })).toEqual({ x: null });
  });

  it('casts before checking the type, choices and validity', () => {
    const decls = [param('mode', { cast: 'str', choices: ['acq', 'idle'] }), param('n', { cast: 'int', type: 'int', check: (v) => (v as number) > 0 })];
    expect(prescreenParams(decls, { mode: 'acq', n: '3' })).toEqual({ mode: 'acq', n: 3 });
    expect(errorOf(() => prescreenParams(decls, { mode: 'run', n: 1 }))).toBe("Param 'mode'=run is not in allowed set (['acq', 'idle'])");
    expect(errorOf(() => prescreenParams(decls, { mode: 'acq', n: 'x' }))).toBe("Param 'n'=x could not be cast to <class 'int'>.");
    expect(errorOf(() => prescreenParams(decls, { mode: 'acq', n: -1 }))).toBe("Param 'n' failed validity check (see docs?).");
  });

  it('accepts ints for float params and integral numbers for int params', () => {
    expect(prescreenParams([param('d', { type: 'float' })], { d: 2 })).toEqual({ d: 2 });
    expect(errorOf(() => prescreenParams([param('n', { type: 'int' })], { n: 2.5 }))).toBe("Param 'n'=2.5 is not of required type (<class 'int'>)");
  });
});

describe('normalizeParams', () => {
  it('maps null and ocs-web [] to {} and rejects other non-dicts', () => {
    expect(normalizeParams(null)).toEqual({});
    expect(normalizeParams(undefined)).toEqual({});
    expect(normalizeParams([])).toEqual({});
    expect(normalizeParams({ a: 1 })).toEqual({ a: 1 });
    expect(() => normalizeParams([1])).toThrow(ParamError);
  });
});

describe('signatureLine', () => {
  it('renders defaults as Python literals', () => {
    expect(signatureLine('delay_task', delayTask)).toBe('delay_task(delay=5, succeed=True)');
    expect(signatureLine('main', [param('test_mode', { default: false }), param(NO_CHECK_STRAYS)])).toBe('main(test_mode=False)');
    expect(signatureLine('set', [param('v', { type: 'float' }), param('note', { default: null })])).toBe('set(v, note=None)');
  });
});
