import { describe, expect, it } from 'vitest';
import { parseManagementCall, parseOpsCall } from '../../../../main/ocs/call-args.js';
import { WampCallError } from '../../../../main/ocs/errors.js';

function errorOf(fn: () => unknown): WampCallError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WampCallError);
    return error as WampCallError;
  }
  throw new Error('expected a WampCallError');
}

describe('parseOpsCall', () => {
  it('accepts the HTTP bridge layout [action, op, params] + {timeout}', () => {
    expect(parseOpsCall(['wait', 'delay_task', {}], { timeout: 0.2 })).toEqual({ action: 'wait', opName: 'delay_task', params: {}, timeout: 0.2, password: null });
  });

  it('accepts the WAMP client layout [action, op] + {params, timeout}', () => {
    expect(parseOpsCall(['start', 'delay_task'], { params: { delay: 0.2 }, timeout: null })).toEqual({
      action: 'start',
      opName: 'delay_task',
      params: { delay: 0.2 },
      timeout: null,
      password: null,
    });
  });

  it('accepts the ocs-web layout [action, op, []] + {password}', () => {
    expect(parseOpsCall(['status', 'acq', []], { password: 'pw' })).toEqual({ action: 'status', opName: 'acq', params: [], timeout: null, password: 'pw' });
  });

  it('raises Python TypeError texts as wamp.error.runtime_error', () => {
    const bogus = errorOf(() => parseOpsCall(['status', 'acq'], { bogus: 1 }));
    expect(bogus.uri).toBe('wamp.error.runtime_error');
    expect(bogus.args).toEqual(["OCSAgent._ops_handler() got an unexpected keyword argument 'bogus'"]);
    expect(errorOf(() => parseOpsCall(['start', 'acq', {}], { params: {} })).args).toEqual([
      "OCSAgent._ops_handler() got multiple values for argument 'params'",
    ]);
    expect(errorOf(() => parseOpsCall(['a', 'b', 1, 2, 3, 4], {})).args).toEqual([
      'OCSAgent._ops_handler() takes from 3 to 6 positional arguments but 7 were given',
    ]);
    expect(errorOf(() => parseOpsCall(['start'], {})).args).toEqual(["OCSAgent._ops_handler() missing 1 required positional argument: 'op_name'"]);
    expect(errorOf(() => parseOpsCall([], {})).args).toEqual([
      "OCSAgent._ops_handler() missing 2 required positional arguments: 'action' and 'op_name'",
    ]);
  });

  it('accepts every argument by keyword', () => {
    expect(parseOpsCall([], { action: 'status', op_name: 'acq' }).opName).toBe('acq');
  });
});

describe('parseManagementCall', () => {
  it('takes q positionally or by keyword and ignores other kwargs', () => {
    expect(parseManagementCall(['get_api'], {})).toBe('get_api');
    expect(parseManagementCall([], { q: 'get_tasks', extra: 1 })).toBe('get_tasks');
  });

  it('raises the Python texts for missing or surplus args', () => {
    expect(errorOf(() => parseManagementCall([], {})).args).toEqual(["OCSAgent._management_handler() missing 1 required positional argument: 'q'"]);
    expect(errorOf(() => parseManagementCall(['a', 'b'], {})).args).toEqual(['OCSAgent._management_handler() takes 2 positional arguments but 3 were given']);
  });
});
