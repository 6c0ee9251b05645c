import { describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_RULES, type AlarmRule, type AlarmRuleId } from '../../../../shared/alarms.js';
import { AlarmEngine, type AlarmChange } from '../../../../main/alarms/engine.js';

/** An engine on a hand-moved clock, rules overridable per test. */
function setup(overrides: Partial<Record<AlarmRuleId, Partial<AlarmRule>>> = {}) {
  const clock = { now: 1_000 };
  const rules = new Map(DEFAULT_ALARM_RULES.map((rule) => [rule.id, { ...rule, ...overrides[rule.id] }]));
  let nextId = 0;
  const engine = new AlarmEngine({ now: () => clock.now, rule: (id) => rules.get(id)!, allocate: () => ++nextId });
  const expired = (subject: string, holds: boolean) => engine.observe({ ruleId: 'agent-expired', subject, holds, detail: holds ? 'no heartbeat' : undefined });
  return { clock, rules, engine, expired };
}

const kinds = (changes: AlarmChange[]) => changes.map((change) => `${change.kind}:${change.alarm.id}`);

describe('AlarmEngine', () => {
  it('raises exactly one alarm per episode, however often the condition is reported', () => {
    const { engine, expired } = setup();
    expect(kinds(expired('observatory.a', true))).toEqual(['raised:1']);
    for (let i = 0; i < 5; i++) expect(expired('observatory.a', true)).toEqual([]);
    expect(engine.active().map((alarm) => alarm.subject)).toEqual(['observatory.a']);
    expect(engine.active()[0]).toMatchObject({ ruleId: 'agent-expired', raisedAt: 1_000, latched: true, detail: 'no heartbeat', clearedAt: null });
  });

  it('ignores conditions that never held', () => {
    const { engine, expired } = setup();
    expect(expired('observatory.a', false)).toEqual([]);
    expect(engine.active()).toEqual([]);
  });

  it('waits the rule delay, and a condition that clears before it raises nothing', () => {
    const { clock, engine, expired } = setup({ 'agent-expired': { delayMs: 5_000 } });
    expect(expired('a', true)).toEqual([]);
    clock.now += 4_999;
    expect(engine.tick()).toEqual([]);
    expect(expired('a', false)).toEqual([]);
    clock.now += 10_000;
    expect(engine.tick()).toEqual([]);
    // A new episode starts its own delay.
    expect(expired('a', true)).toEqual([]);
    clock.now += 5_000;
    const raised = engine.tick();
    expect(kinds(raised)).toEqual(['raised:1']);
    expect(raised[0].alarm.raisedAt).toBe(clock.now);
    expect(engine.tick()).toEqual([]);
  });

  it('keeps a latched alarm after the condition clears, until it is acknowledged', () => {
    const { clock, engine, expired } = setup();
    expired('a', true);
    clock.now = 2_000;
    const cleared = expired('a', false);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ kind: 'updated', alarm: { clearedAt: 2_000, finishedAt: null } });
    expect(engine.active()).toHaveLength(1);
    clock.now = 3_000;
    const acked = engine.ack(1, 'alice');
    expect(acked).toMatchObject({ kind: 'finished', alarm: { ackedAt: 3_000, ackedBy: 'alice', finishedAt: 3_000 } });
    expect(engine.active()).toEqual([]);
    expect(engine.ack(1, 'bob')).toBeNull();
  });

  it('keeps an acknowledged alarm while the condition holds and finishes it when it clears', () => {
    const { clock, engine, expired } = setup();
    expired('a', true);
    clock.now = 2_000;
    expect(engine.ack(1, 'alice')).toMatchObject({ kind: 'updated', alarm: { ackedAt: 2_000, finishedAt: null } });
    // A second acknowledge keeps the first's who and when.
    expect(engine.ack(1, 'bob')).toBeNull();
    expect(expired('a', true)).toEqual([]);
    clock.now = 4_000;
    expect(expired('a', false)).toMatchObject([{ kind: 'finished', alarm: { clearedAt: 4_000, finishedAt: 4_000, ackedBy: 'alice' } }]);
    // The next episode is a new alarm.
    expect(kinds(expired('a', true))).toEqual(['raised:2']);
  });

  it('finishes an unlatched alarm as soon as the condition clears', () => {
    const { clock, engine, expired } = setup({ 'agent-expired': { latch: false } });
    expired('a', true);
    clock.now = 2_500;
    expect(expired('a', false)).toMatchObject([{ kind: 'finished', alarm: { clearedAt: 2_500, finishedAt: 2_500, ackedAt: null } }]);
    expect(engine.active()).toEqual([]);
  });

  it('continues a latched, unacknowledged alarm whose condition comes back (no duplicate)', () => {
    const { clock, engine, expired } = setup();
    expired('a', true);
    clock.now = 2_000;
    expired('a', false);
    clock.now = 3_000;
    expect(expired('a', true)).toMatchObject([{ kind: 'updated', alarm: { id: 1, clearedAt: null } }]);
    expect(engine.active()).toHaveLength(1);
  });

  it('tracks subjects and rules separately', () => {
    const { engine, expired } = setup();
    expired('a', true);
    expired('b', true);
    engine.observe({ ruleId: 'task-failed', subject: 'a', holds: true });
    expect(engine.active().map((alarm) => `${alarm.ruleId} ${alarm.subject}`)).toEqual(['agent-expired a', 'agent-expired b', 'task-failed a']);
  });

  it('raises nothing for a disabled rule and treats its conditions as cleared', () => {
    const { rules, engine, expired } = setup({ 'agent-expired': { enabled: false } });
    expect(expired('a', true)).toEqual([]);
    rules.set('agent-expired', { ...rules.get('agent-expired')!, enabled: true });
    expect(kinds(expired('a', true))).toEqual(['raised:1']);
    rules.set('agent-expired', { ...rules.get('agent-expired')!, enabled: false });
    // Latched: the alarm stays (cleared) until acknowledged.
    expect(engine.tick()).toMatchObject([{ kind: 'updated', alarm: { clearedAt: 1_000 } }]);
    expect(engine.active()).toHaveLength(1);
  });

  it('restores stored alarms as cleared: latched ones wait for their ack, the rest finish', () => {
    const { clock, engine, expired } = setup();
    clock.now = 9_000;
    const base = { title: 't', detail: '', guidance: '', raisedAt: 1, clearedAt: null, ackedAt: null, ackedBy: null, finishedAt: null };
    const changes = engine.restore([
      { ...base, id: 7, ruleId: 'agent-expired', subject: 'a', latched: true },
      { ...base, id: 8, ruleId: 'fastmon-rate-low', subject: 'run 1', latched: false },
    ]);
    expect(changes).toMatchObject([
      { kind: 'updated', alarm: { id: 7, clearedAt: 9_000 } },
      { kind: 'finished', alarm: { id: 8, finishedAt: 9_000 } },
    ]);
    // Still holding after the restart: the same alarm continues.
    expect(expired('a', true)).toMatchObject([{ kind: 'updated', alarm: { id: 7, clearedAt: null } }]);
    expect(engine.active().map((alarm) => alarm.id)).toEqual([7]);
  });
});
