import { describe, expect, it } from 'vitest';
import { OpCode } from '../../../../shared/ocs-codes.js';
import { JsonSafeError, jsonSafe } from '../../../../main/ocs/json-safe.js';
import { OpSession } from '../../../../main/ocs/session.js';

function clock(start = 1000) {
  let t = start;
  return { now: () => t, advance: (s: number) => (t += s) };
}

describe('OpSession', () => {
  it('starts in "starting" with its status message and the exact encoded key set', () => {
    const c = clock();
    const session = new OpSession(7, 'delay_task', { now: c.now });
    expect(session.encoded()).toEqual({
      session_id: 7,
      op_name: 'delay_task',
      op_code: OpCode.STARTING,
      cred_level: 1,
      status: 'starting',
      degraded: false,
      success: null,
      start_time: 1000,
      end_time: null,
      data: {},
      messages: [[1000, 'Status is now "starting".']],
    });
    expect(Object.keys(session.encoded())).toEqual([
      'session_id', 'op_name', 'op_code', 'cred_level', 'status', 'degraded', 'success', 'start_time', 'end_time', 'data', 'messages',
    ]);
  });

  it('adds one message per status change, ignores repeats and refuses backward moves', () => {
    const c = clock();
    const session = new OpSession(0, 'acq', { now: c.now });
    session.setStatus('running');
    session.setStatus('running');
    expect(() => session.setStatus('starting')).toThrow(/forward/);
    c.advance(2);
    session.setStatus('done');
    expect(session.messages.map(([, text]) => text)).toEqual([
      'Status is now "starting".',
      'Status is now "running".',
      'Status is now "done".',
    ]);
    expect(session.endTime).toBe(1002);
  });

  it('derives op codes from status, degraded and success', () => {
    const session = new OpSession(0, 'acq');
    expect(session.opCode).toBe(OpCode.STARTING);
    session.setStatus('running');
    expect(session.opCode).toBe(OpCode.RUNNING);
    session.degraded = true;
    expect(session.opCode).toBe(OpCode.DEGRADED);
    session.setStatus('stopping');
    expect(session.opCode).toBe(OpCode.STOPPING);
    session.setStatus('done');
    expect(session.opCode).toBe(OpCode.FAILED);
    session.success = true;
    expect(session.opCode).toBe(OpCode.SUCCEEDED);
  });

  it('resolves whenDone() when the session ends', async () => {
    const session = new OpSession(0, 'acq');
    let done = false;
    void session.whenDone().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    session.setStatus('done');
    await session.whenDone();
    expect(done).toBe(true);
  });

  it('turns NaN into null in data and rejects Infinity like upstream json_safe', () => {
    const session = new OpSession(0, 'acq');
    session.data = { fields: { a: NaN, b: 1.5 }, list: [NaN, 2] };
    expect(session.encoded().data).toEqual({ fields: { a: null, b: 1.5 }, list: [null, 2] });
    session.data = { x: -Infinity };
    expect(() => session.encoded()).toThrow(JsonSafeError);
    expect(() => session.encoded()).toThrow('Session.data cannot store inf/-inf; please convert to NaN.');
  });

  it('purges messages older than an hour but keeps at least five', () => {
    const c = clock();
    const session = new OpSession(0, 'acq', { now: c.now });
    for (let i = 0; i < 9; i++) session.addMessage(`m${i}`);
    c.advance(3601);
    session.addMessage('fresh');
    expect(session.messages).toHaveLength(5);
    expect(session.messages.at(-1)![1]).toBe('fresh');
    expect(session.messages[0][1]).toBe('m5');
  });

  it('caps the buffer at maxMessages at purge time', () => {
    const c = clock();
    const session = new OpSession(0, 'acq', { now: c.now, purgePolicy: { maxMessages: 10 } });
    for (let i = 0; i < 15; i++) session.addMessage(`m${i}`);
    session.purge();
    expect(session.messages).toHaveLength(10);
    expect(session.messages.at(-1)![1]).toBe('m14');
  });
});

describe('jsonSafe', () => {
  it('converts typed arrays and drops undefined keys', () => {
    expect(jsonSafe({ a: new Float64Array([1, NaN]), b: undefined, c: [undefined] })).toEqual({ a: [1, null], c: [null] });
  });
});
