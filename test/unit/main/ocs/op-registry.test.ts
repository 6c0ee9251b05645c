import { describe, expect, it } from 'vitest';
import { OpCode } from '../../../../shared/ocs-codes.js';
import { silentLogger } from '../../../../main/ocs/logger.js';
import type { OpRunContext } from '../../../../main/ocs/op-definitions.js';
import { OpRegistry } from '../../../../main/ocs/op-registry.js';
import { param } from '../../../../main/ocs/params.js';
import type { OpSession } from '../../../../main/ocs/session.js';

/** A task that runs until released (or aborted), and a process that runs until stopped. */
function makeRegistry() {
  const ops = new OpRegistry(silentLogger);
  let release: ((outcome: [boolean, string]) => void) | null = null;
  const stopCalls: string[] = [];
  ops.addTask('delay_task', {
    params: [param('delay', { default: 5, type: 'float' }), param('succeed', { default: true, type: 'bool' })],
    run: (session: OpSession, params, ctx: OpRunContext) =>
      new Promise<[boolean, string]>((resolve) => {
        session.data = { requested_delay: params.delay };
        release = resolve;
        ctx.signal.addEventListener('abort', () => resolve([false, 'Aborted after 0.0 seconds']));
      }),
    abort: () => stopCalls.push('abort'),
  });
  ops.addTask('no_abort', { run: async () => [true, 'ok'] });
  ops.addProcess('acq', {
    run: async (_s, _p, ctx) => {
      while (await ctx.sleep(5));
      return [true, 'Acquisition exited cleanly.'];
    },
    stop: true,
    minPrivs: 2,
  });
  ops.addProcess('count', { run: async (_s, _p, ctx) => ((await ctx.sleep(10_000)) ? [true, 'x'] : [true, 'stopped']), stop: true });
  return { ops, stopCalls, finish: (outcome: [boolean, string]) => release?.(outcome) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('OpRegistry start/status', () => {
  it('starts a task with the exact reply and agent-wide session ids from 0', async () => {
    const { ops, finish } = makeRegistry();
    const [code, message, session] = ops.start('delay_task', { delay: 0.1 });
    expect([code, message]).toEqual([0, 'Started task "delay_task".']);
    expect(session).toMatchObject({ session_id: 0, op_name: 'delay_task', op_code: OpCode.STARTING, status: 'starting', cred_level: 1 });
    await tick();
    expect(ops.status('delay_task')).toMatchObject([0, 'Session active.', { status: 'running', op_code: OpCode.RUNNING, data: { requested_delay: 0.1 } }]);
    expect(ops.start('count', {})[2]).toMatchObject({ session_id: 1 });
    finish([true, 'Exited after 0.1 seconds']);
    await ops.session('delay_task')!.whenDone();
    expect(ops.status('delay_task')[2]).toMatchObject({ status: 'done', success: true, op_code: OpCode.SUCCEEDED });
    expect(ops.session('delay_task')!.messages.map(([, t]) => t)).toEqual([
      'Status is now "starting".',
      'Status is now "running".',
      'Exited after 0.1 seconds',
      'Status is now "done".',
    ]);
    await ops.stopAll(100);
  });

  it('refuses a second start while running, and unknown ops', () => {
    const { ops } = makeRegistry();
    ops.start('delay_task', {});
    const [code, message, session] = ops.start('delay_task', {});
    expect([code, message]).toEqual([-1, 'Operation "delay_task" already in progress.']);
    expect(session).toMatchObject({ session_id: 0 });
    expect(ops.start('nope', {})).toEqual([-1, 'No task or process called "nope"', {}]);
    expect(ops.status('nope')).toEqual([-1, 'No task or process called "nope"', {}]);
    expect(ops.status('count')).toEqual([0, 'No session active.', {}]);
  });

  it('clears a finished session before the param check, so a bad start leaves no session (op code 1)', async () => {
    const { ops, finish } = makeRegistry();
    ops.start('delay_task', {});
    await tick();
    finish([true, 'ok']);
    await ops.session('delay_task')!.whenDone();
    expect(ops.start('delay_task', { delay: 'two' })).toEqual([-1, "Param 'delay'=two is not of required type (<class 'float'>)", {}]);
    expect(ops.status('delay_task')).toEqual([0, 'No session active.', {}]);
    expect(ops.opCodes().delay_task).toBe(OpCode.NONE);
    expect(ops.start('delay_task', { dela: 1 })).toEqual([-1, "params included unexpected values: ['dela']", {}]);
  });

  it('denies ops above the caller credential level, but not startup launches', async () => {
    const { ops } = makeRegistry();
    expect(ops.start('acq', {})).toEqual([-1, 'The action requires credential level 2-ADVANCED but the client has only level 1-BASIC', {}]);
    expect(ops.start('acq', {}, { credLevel: 1, startup: true })[0]).toBe(0);
    await ops.stopAll(200);
  });

  it('records exceptions as CRASH and failures as FAILED', async () => {
    const ops = new OpRegistry(silentLogger);
    ops.addTask('boom', { run: () => Promise.reject(new Error('kaput')) });
    ops.addTask('bad_return', { run: (() => 42) as never });
    ops.start('boom', {});
    ops.start('bad_return', {});
    await ops.session('boom')!.whenDone();
    await ops.session('bad_return')!.whenDone();
    expect(ops.session('boom')!.messages.map(([, t]) => t)).toContain('CRASH: Error: kaput');
    expect(ops.session('boom')!.opCode).toBe(OpCode.FAILED);
    expect(ops.session('bad_return')!.messages.some(([, t]) => t.startsWith('CRASH: TypeError'))).toBe(true);
  });
});

describe('OpRegistry wait', () => {
  it('answers Idle, times out, returns at once for timeout < 0, and reports SUCCEEDED/FAILED', async () => {
    const { ops, finish } = makeRegistry();
    expect(await ops.wait('delay_task', null)).toEqual([0, 'Idle.', {}]);
    expect(await ops.wait('nope', null)).toEqual([-1, 'Unknown operation "nope".', {}]);
    ops.start('delay_task', {});
    await tick();
    const started = Date.now();
    const timedOut = await ops.wait('delay_task', 0.05);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(timedOut.slice(0, 2)).toEqual([1, 'Operation "delay_task" still running; wait timed out.']);
    expect((await ops.wait('delay_task', -1)).slice(0, 2)).toEqual([1, 'Operation "delay_task" still running; wait timed out.']);
    const waiting = ops.wait('delay_task', null);
    finish([false, 'did not succeed']);
    expect((await waiting).slice(0, 2)).toEqual([0, 'Operation "delay_task" is currently not running (FAILED).']);
    expect((await ops.wait('delay_task', -1)).slice(0, 2)).toEqual([0, 'Operation "delay_task" is currently not running (FAILED).']);
  });

  it('rejects a non-numeric timeout like Python does', async () => {
    const { ops } = makeRegistry();
    ops.start('delay_task', {});
    await expect(ops.wait('delay_task', 'soon')).rejects.toMatchObject({ uri: 'wamp.error.runtime_error' });
    await ops.stopAll(100);
  });
});

describe('OpRegistry stop/abort', () => {
  it('acknowledges at once with the upstream texts, then moves to stopping and done', async () => {
    const { ops, stopCalls } = makeRegistry();
    ops.start('delay_task', {});
    await tick();
    const reply = ops.requestStop('abort', 'delay_task', []);
    expect(reply.slice(0, 2)).toEqual([0, 'Requested abort on task delay_task".']);
    expect(reply[2]).toMatchObject({ status: 'running' });
    await ops.session('delay_task')!.whenDone();
    expect(stopCalls).toEqual(['abort']);
    expect(ops.session('delay_task')!.messages.map(([, t]) => t)).toEqual([
      'Status is now "starting".',
      'Status is now "running".',
      'Status is now "stopping".',
      'Aborted after 0.0 seconds',
      'Status is now "done".',
    ]);
    expect(ops.session('delay_task')!.opCode).toBe(OpCode.FAILED);
    expect(ops.requestStop('abort', 'delay_task', {})).toEqual([-1, 'The operation is already done', {}]);
  });

  it('reports stopping while a stop is in flight', async () => {
    const ops = new OpRegistry(silentLogger);
    let release!: () => void;
    // Finishes only when released, so the session stays in "stopping" after the stop request.
    ops.addProcess('count', { run: () => new Promise((r) => (release = () => r([true, 'stopped']))), stop: true });
    ops.start('count', {});
    await tick();
    expect(ops.requestStop('stop', 'count', {}).slice(0, 2)).toEqual([0, 'Requested stop on process count".']);
    await tick();
    expect(ops.session('count')!.opCode).toBe(OpCode.STOPPING);
    expect(ops.requestStop('stop', 'count', {})).toEqual([-1, 'The operation is already stopping', {}]);
    release();
    await ops.session('count')!.whenDone();
    expect(ops.session('count')!.success).toBe(true);
  });

  it('rejects unknown ops, wrong op types (with the real type) and missing sessions', () => {
    const { ops } = makeRegistry();
    expect(ops.requestStop('stop', 'nope', {})).toEqual([-1, 'No operation called "nope".', {}]);
    expect(ops.requestStop('stop', 'delay_task', {})).toEqual([-1, 'Cannot "stop" "delay_task" because it is a "task".', {}]);
    expect(ops.requestStop('abort', 'count', {})).toEqual([-1, 'Cannot "abort" "count" because it is a "process".', {}]);
    expect(ops.requestStop('abort', 'delay_task', {})).toEqual([-1, 'No session active.', {}]);
  });

  it('acknowledges abort of a task without aborter but leaves it running (as upstream)', async () => {
    const ops = new OpRegistry(silentLogger);
    let release!: () => void;
    ops.addTask('stubborn', { run: () => new Promise((r) => (release = () => r([true, 'finished']))) });
    ops.start('stubborn', {});
    await tick();
    expect(ops.requestStop('abort', 'stubborn', {})[0]).toBe(0);
    await tick();
    expect(ops.session('stubborn')!.status).toBe('running');
    release();
    await ops.session('stubborn')!.whenDone();
  });
});

describe('OpRegistry API description', () => {
  it('lists ops sorted by name with no_history placeholders and op_info keys', () => {
    const { ops } = makeRegistry();
    expect(ops.gather('task')).toEqual([
      ['delay_task', { op_name: 'delay_task', status: 'no_history' }, { blocking: false, abortable: true, docstring: 'delay_task(delay=5, succeed=True)', op_type: 'task', min_privs: 1 }],
      ['no_abort', { op_name: 'no_abort', status: 'no_history' }, { blocking: false, abortable: false, docstring: 'no_abort()', op_type: 'task', min_privs: 1 }],
    ]);
    expect(ops.gather('process').map(([name, , info]) => [name, info])).toEqual([
      ['acq', { blocking: false, docstring: 'acq()', op_type: 'process', min_privs: 2 }],
      ['count', { blocking: false, docstring: 'count()', op_type: 'process', min_privs: 1 }],
    ]);
    expect(ops.opCodes()).toEqual({ delay_task: 1, no_abort: 1, acq: 1, count: 1 });
  });
});
