import { describe, expect, it } from 'vitest';
import { httpOpsArguments, wampOpsArguments } from '../../../../main/ocs/client-transport.js';

describe('wampOpsArguments (client_t.OperationClient layout)', () => {
  it('puts params and timeout in kwargs, both always present', () => {
    expect(wampOpsArguments({ action: 'start', opName: 'delay_task', params: { delay: 0.2 } })).toEqual({
      args: ['start', 'delay_task'],
      kwargs: { params: { delay: 0.2 }, timeout: null },
    });
    expect(wampOpsArguments({ action: 'start', opName: 'acq' })).toEqual({ args: ['start', 'acq'], kwargs: { params: {}, timeout: null } });
  });

  it('sends params null for other actions and the wait timeout as given', () => {
    expect(wampOpsArguments({ action: 'wait', opName: 'acq', timeout: 0.5, params: { ignored: 1 } })).toEqual({
      args: ['wait', 'acq'],
      kwargs: { params: null, timeout: 0.5 },
    });
    expect(wampOpsArguments({ action: 'status', opName: 'acq' }).kwargs).toEqual({ params: null, timeout: null });
  });

  it('adds password only when one is set', () => {
    expect(wampOpsArguments({ action: 'abort', opName: 'x', password: 'pw' }).kwargs).toEqual({ params: null, timeout: null, password: 'pw' });
    expect(wampOpsArguments({ action: 'abort', opName: 'x', password: '' }).kwargs).not.toHaveProperty('password');
  });
});

describe('httpOpsArguments (OCSClient layout)', () => {
  it('puts params third and leaves kwargs empty except for wait', () => {
    expect(httpOpsArguments({ action: 'start', opName: 'delay_task', params: { delay: 1 } })).toEqual({ args: ['start', 'delay_task', { delay: 1 }], kwargs: {} });
    expect(httpOpsArguments({ action: 'abort', opName: 'delay_task', params: { delay: 1 } })).toEqual({ args: ['abort', 'delay_task', {}], kwargs: {} });
    expect(httpOpsArguments({ action: 'stop', opName: 'acq' })).toEqual({ args: ['stop', 'acq', {}], kwargs: {} });
  });

  it('always sends timeout with wait, null meaning no limit', () => {
    expect(httpOpsArguments({ action: 'wait', opName: 'acq' })).toEqual({ args: ['wait', 'acq', {}], kwargs: { timeout: null } });
    expect(httpOpsArguments({ action: 'wait', opName: 'acq', timeout: 2 }).kwargs).toEqual({ timeout: 2 });
  });

  it('adds password only when one is set', () => {
    expect(httpOpsArguments({ action: 'wait', opName: 'acq', timeout: 1, password: 'pw' }).kwargs).toEqual({ timeout: 1, password: 'pw' });
  });
});
