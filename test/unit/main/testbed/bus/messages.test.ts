// Tests main/testbed/messages.ts (kept under bus/ because that is this session's test area).
import { describe, expect, it } from 'vitest';
import {
  TOPIC_EPIC, agentControlQueue, naiveLocalTimestamp, parseDestination, parseIncoming, prepareOutgoing, shouldDrop, validateDestination,
  workflowControlQueue,
} from '../../../../../main/testbed/messages.js';

describe('prepareOutgoing', () => {
  it('always overwrites sender and sets the agent namespace', () => {
    const original = { msg_type: 'stf_ready', run_id: '1', sender: 'forged', namespace: 'other' };
    const out = prepareOutgoing(original, { agentName: 'data-agent-alice-41', namespace: 'torre1' });
    expect(out).toEqual({ msg_type: 'stf_ready', run_id: '1', sender: 'data-agent-alice-41', namespace: 'torre1' });
    expect(original.sender).toBe('forged'); // the caller's object is left alone
  });

  it('leaves namespace alone when the agent has none', () => {
    expect(prepareOutgoing({ msg_type: 'x', namespace: 'kept' }, { agentName: 'a' })).toEqual({ msg_type: 'x', namespace: 'kept', sender: 'a' });
    expect(prepareOutgoing({ msg_type: 'x' }, { agentName: 'a', namespace: '' })).toEqual({ msg_type: 'x', sender: 'a' });
    expect(prepareOutgoing({ msg_type: 'x' }, { agentName: 'a', namespace: null })).not.toHaveProperty('namespace');
  });
});

describe('shouldDrop', () => {
  it('drops only when both have a namespace and they differ', () => {
    expect(shouldDrop({ namespace: 'torre2' }, 'torre1')).toBe(true);
    expect(shouldDrop({ namespace: 'torre1' }, 'torre1')).toBe(false);
    expect(shouldDrop({}, 'torre1')).toBe(false);
    expect(shouldDrop({ namespace: null }, 'torre1')).toBe(false);
    expect(shouldDrop({ namespace: '' }, 'torre1')).toBe(false);
    expect(shouldDrop({ namespace: 'torre2' }, undefined)).toBe(false);
    expect(shouldDrop({ namespace: 'torre2' }, '')).toBe(false);
    expect(shouldDrop({ namespace: 'torre2' }, null)).toBe(false);
  });
});

describe('parseIncoming', () => {
  it('accepts objects with msg_type or an agent-manager command', () => {
    expect(parseIncoming('{"msg_type":"run_imminent","run_id":"100010"}')).toEqual({ ok: true, message: { msg_type: 'run_imminent', run_id: '100010' } });
    expect(parseIncoming('{"command":"ping","reply_to":"/queue/r"}')).toEqual({ ok: true, message: { command: 'ping', reply_to: '/queue/r' } });
  });

  it.each([
    ['not json', /body is not JSON .*"not json"/],
    ['', /body is not JSON/],
    ['[1,2]', /not a JSON object: "\[1,2\]"/],
    ['null', /not a JSON object/],
    ['"text"', /not a JSON object/],
    ['42', /not a JSON object/],
    ['{"run_id":"1"}', /no msg_type/],
    ['{"msg_type":""}', /no msg_type/],
    ['{"msg_type":7}', /no msg_type/],
  ])('rejects %j with a reason', (body, reason) => {
    const result = parseIncoming(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('shortens long bodies in the reason', () => {
    const result = parseIncoming(`x${'y'.repeat(500)}`);
    expect(!result.ok && result.reason.length).toBeLessThan(200);
  });
});

describe('destinations', () => {
  it('names the shared topic and the per-namespace and per-user queues', () => {
    expect(TOPIC_EPIC).toBe('/topic/epictopic');
    expect(workflowControlQueue('torre1')).toBe('/queue/workflow_control.torre1');
    expect(agentControlQueue('alice')).toBe('/queue/agent_control.alice');
  });

  it('refuses names that cannot be destination parts', () => {
    expect(() => workflowControlQueue('')).toThrow(/invalid namespace ""/);
    expect(() => workflowControlQueue('a/b')).toThrow(/invalid namespace "a\/b"/);
    expect(() => agentControlQueue('bob smith')).toThrow(/invalid user "bob smith"/);
  });

  it('accepts only /queue/<name> and /topic/<name> (upstream v28 rule)', () => {
    expect(parseDestination('/queue/panda.results.fastprocessing')).toEqual({ kind: 'queue', name: 'panda.results.fastprocessing' });
    expect(parseDestination('/topic/epictopic')).toEqual({ kind: 'topic', name: 'epictopic' });
    expect(validateDestination('/topic/x')).toBe('/topic/x');
    for (const bad of ['epictopic', '/topic/', '/queue', '/exchange/x', 'topic/x', '/topic/a b', '/topic/a/b', ' /topic/x']) {
      expect(() => validateDestination(bad), bad).toThrow(`invalid testbed destination ${JSON.stringify(bad)}: expected /queue/<name> or /topic/<name>`);
    }
  });
});

describe('naiveLocalTimestamp', () => {
  it('prints local time with microseconds and no zone, as Python isoformat()', () => {
    const date = new Date(2026, 7, 7, 14, 3, 11, 512);
    expect(naiveLocalTimestamp(date)).toBe('2026-08-07T14:03:11.512000');
  });
});
