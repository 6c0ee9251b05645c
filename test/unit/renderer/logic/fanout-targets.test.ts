import { describe, expect, it } from 'vitest';
import { fanoutTargets, lastMessage, targetSessions } from '../../../../renderer/src/logic/fanout-targets.js';
import { session } from '../fake-station.js';
import { managerSession } from '../smurf-fixtures.js';

describe('fan-out targets from the manager session', () => {
  it('gives each target its controller status line', () => {
    const manager = managerSession('take_noise', {
      crate1slot2: session('take_noise', { status: 'done', success: true, start_time: 100, end_time: 104 }),
      crate1slot3: session('take_noise', { status: 'running', start_time: 100 }),
    });
    const targets = fanoutTargets(manager, ['crate1slot2', 'crate1slot3'], 105.5);
    expect(targets.map((t) => [t.streamId, t.status.text])).toEqual([
      ['crate1slot2', 'done – OK – 1 s ago'],
      ['crate1slot3', 'running (5.5 s)'],
    ]);
  });

  it('shows requested targets without a session as waiting, and as not started once the manager is done', () => {
    const running = managerSession('uxm_relock', {}, { status: 'running', data: { op_name: 'uxm_relock', sessions: {} } });
    expect(fanoutTargets(running, ['crate1slot4'], 1_001).map((t) => t.status.text)).toEqual(['waiting']);
    const done = { ...running, status: 'done' as const, success: false, end_time: 1_002 };
    expect(fanoutTargets(done, ['crate1slot4'], 1_003)[0].status).toEqual({ text: 'not started', tone: 'error' });
    expect(fanoutTargets(null, ['a', 'b'], 0).map((t) => t.streamId)).toEqual(['a', 'b']);
  });

  it("takes the manager's failure verdict over a target's own success (e.g. it overran the timeout)", () => {
    const manager = session('take_iv', {
      status: 'done',
      data: { stream_ids: ['a', 'b'], sessions: { a: session('take_iv', { status: 'done', success: true, end_time: 1_000 }) }, failed: { a: 'timed out after 5 s (Finished taking IV)', b: 'lost: callee disconnected' } },
    });
    const [a, b] = fanoutTargets(manager, [], 1_002);
    expect([a.status, a.failure]).toEqual([{ text: 'done – FAILED – 2 s ago', tone: 'error' }, 'timed out after 5 s (Finished taking IV)']);
    expect([b.status.text, b.failure]).toEqual(['failed', 'lost: callee disconnected']);
  });

  it('ignores malformed session data instead of trusting it', () => {
    const odd = session('x', { data: { sessions: { good: session('x'), bad: 'nope', worse: { status: 3 } } } });
    expect(Object.keys(targetSessions(odd))).toEqual(['good']);
    expect(targetSessions(session('x', { data: { sessions: [1, 2] } }))).toEqual({});
  });

  it("finds the op's own last message, skipping status notes", () => {
    expect(lastMessage(session('x', { messages: [[1, 'failed: crate1slot3'], [2, 'Status is now "done".']] }))).toBe('failed: crate1slot3');
    expect(lastMessage(session('x', { messages: [[1, 'Status is now "running".']] }))).toBeNull();
    expect(lastMessage(null)).toBeNull();
  });
});
