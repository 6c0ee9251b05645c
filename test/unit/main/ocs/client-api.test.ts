import { describe, expect, it } from 'vitest';
import { opAttributeName, parseAgentApi, parseOpEntries, parseOpReply } from '../../../../main/ocs/client-api.js';
import { ClientErrorUri, OcsCallError } from '../../../../main/ocs/client-errors.js';
import { decodeBridgeReply } from '../../../../main/ocs/client-http.js';

const session = {
  session_id: 0,
  op_name: 'delay_task',
  op_code: 2,
  cred_level: 1,
  status: 'starting',
  degraded: false,
  success: null,
  start_time: 1795413370.33,
  end_time: null,
  data: {},
  messages: [[1795413370.33, 'Status is now "starting".']],
};

function thrown(fn: () => unknown): OcsCallError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OcsCallError);
    return error as OcsCallError;
  }
  throw new Error('expected a throw');
}

describe('parseOpReply', () => {
  it('types [code, message, session]', () => {
    expect(parseOpReply([0, 'Started task "delay_task".', session])).toEqual({ status: 0, message: 'Started task "delay_task".', session });
  });

  it('maps the empty session {} to null', () => {
    expect(parseOpReply([-1, 'No task or process called "x"', {}])).toEqual({ status: -1, message: 'No task or process called "x"', session: null });
  });

  it.each([
    ['not an array', { status: 0 }],
    ['two elements', [0, 'x']],
    ['an unknown code', [7, 'x', {}]],
    ['a non-string message', [0, 5, {}]],
    ['a list as session', [0, 'x', []]],
    ['a null session', [0, 'x', null]],
  ])('rejects %s as client.error.invalid_reply', (_what, raw) => {
    expect(thrown(() => parseOpReply(raw, 'observatory.a.ops'))).toMatchObject({ uri: ClientErrorUri.invalidReply, procedure: 'observatory.a.ops' });
  });
});

describe('parseAgentApi', () => {
  it('accepts an old agent without op_type, access_control or feeds', () => {
    const api = parseAgentApi({ agent_class: 'Old', tasks: [['t', { op_name: 't', status: 'no_history' }, { blocking: true }]], processes: [] });
    expect(api.agent_class).toBe('Old');
    expect(api.feeds).toEqual([]);
    expect(api.access_control).toBeUndefined();
    expect(api.tasks[0][2]).toEqual({ blocking: true });
  });

  it('keeps keys it does not know', () => {
    expect(parseAgentApi({ agent_class: 'A', tasks: [], processes: [], future_key: 1 }).future_key).toBe(1);
  });

  it('names the first bad key', () => {
    expect(thrown(() => parseAgentApi({ tasks: [] })).args[0]).toMatch(/^get_api result: agent_class: /);
    expect(thrown(() => parseAgentApi({ agent_class: 'A', tasks: [['t', {}]] })).args[0]).toMatch(/^get_api result: tasks\.0/);
    expect(thrown(() => parseAgentApi(null)).uri).toBe(ClientErrorUri.invalidReply);
  });
});

describe('parseOpEntries', () => {
  it('accepts [name, session, info] rows and refuses others', () => {
    expect(parseOpEntries([['acq', { status: 'no_history' }, { op_type: 'process' }]])).toHaveLength(1);
    expect(thrown(() => parseOpEntries([['acq']])).uri).toBe(ClientErrorUri.invalidReply);
  });
});

describe('opAttributeName', () => {
  it('replaces - and spaces with _ like Python OCSClient', () => {
    expect(opAttributeName('fake-data op')).toBe('fake_data_op');
    expect(opAttributeName('delay_task')).toBe('delay_task');
  });
});

describe('decodeBridgeReply', () => {
  it('returns the first positional result, or null', () => {
    expect(decodeBridgeReply('{"args":[[0,"ok",{}]]}')).toEqual([0, 'ok', {}]);
    expect(decodeBridgeReply('{"args":[]}')).toBeNull();
    expect(decodeBridgeReply('{"args":[1,2],"kwargs":{"a":1}}')).toBe(1);
  });

  it('throws the WAMP error of an error body with its args and kwargs', () => {
    const error = thrown(() => decodeBridgeReply('{"error":"wamp.error.no_such_procedure","args":["no callee registered for procedure <x>"],"kwargs":{}}', 'x'));
    expect(error).toMatchObject({ uri: 'wamp.error.no_such_procedure', args: ['no callee registered for procedure <x>'], kwargs: {} });
    expect(error.message).toBe('wamp.error.no_such_procedure calling x: no callee registered for procedure <x>');
  });

  it('tolerates an error body without args or kwargs', () => {
    expect(thrown(() => decodeBridgeReply('{"error":"wamp.error.canceled"}'))).toMatchObject({ uri: 'wamp.error.canceled', args: [], kwargs: {} });
  });

  it('refuses bodies that are not a JSON object', () => {
    expect(thrown(() => decodeBridgeReply('<html>')).uri).toBe(ClientErrorUri.invalidReply);
    expect(thrown(() => decodeBridgeReply('[1]')).uri).toBe(ClientErrorUri.invalidReply);
  });
});
