import { describe, expect, it } from 'vitest';
import { ClientErrorUri, OcsCallError, WampErrorUri } from '../../../../main/ocs/client.js';
import { IpcError } from '../../../../main/ipc/ipc-error.js';
import { OpService, toIpcError } from '../../../../main/station/op-service.js';

describe('toIpcError', () => {
  it('names the agent when nothing is registered under its address', () => {
    const error = toIpcError(new OcsCallError(WampErrorUri.noSuchProcedure, [], {}, 'observatory.ghost'), 'observatory.ghost');
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'agent_error', message: 'agent observatory.ghost is not on the bus (nothing registered observatory.ghost)' });
  });

  it('reports a session lost mid-call as not_connected', () => {
    const error = toIpcError(new OcsCallError(ClientErrorUri.sessionClosed, ['WAMP session is not open'], {}, 'observatory.a.ops'), 'observatory.a');
    expect(error).toMatchObject({ code: 'not_connected', message: expect.stringContaining('observatory.a') });
  });

  it('passes other call errors on as agent_error with the agent and the error text', () => {
    const error = toIpcError(new OcsCallError('wamp.error.runtime_error', ['TypeError: bad kwargs'], {}, 'observatory.a.ops'), 'observatory.a');
    expect(error).toMatchObject({ code: 'agent_error', message: expect.stringMatching(/^observatory\.a: .*TypeError: bad kwargs/) });
  });

  it('leaves anything else alone (the table reports it as internal)', () => {
    const bug = new RangeError('bug');
    expect(toIpcError(bug, 'observatory.a')).toBe(bug);
  });
});

describe('OpService without a session', () => {
  it('refuses with not_connected, naming the agent and the connection state', async () => {
    const service = new OpService({ session: () => null, describe: () => 'ws://127.0.0.1:9/ws, connecting: ECONNREFUSED' });
    await expect(service.api('observatory.a')).rejects.toMatchObject({ code: 'not_connected', message: expect.stringMatching(/observatory\.a.*ECONNREFUSED/) });
    await expect(service.request('status', 'observatory.a', 'acq')).rejects.toBeInstanceOf(IpcError);
  });
});
