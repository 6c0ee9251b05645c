import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_RULES } from '../../../../shared/alarms.js';
import { AlarmService } from '../../../../main/alarms/alarm-service.js';
import { openStationStore } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('store.alarms', () => {
  it('starts with the default rules and keeps changed settings across a reopen', () => {
    const dir = dirs.make();
    let store = openStationStore(dir, { clock: () => 5 });
    expect(store.alarms.rules()).toEqual(DEFAULT_ALARM_RULES);
    const changed = store.alarms.saveRule({ ...DEFAULT_ALARM_RULES[5], enabled: false, delayMs: 1234, threshold: 2.5, guidance: 'call the shifter' });
    expect(changed).toMatchObject({ id: 'fastmon-rate-low', enabled: false, delayMs: 1234, threshold: 2.5, guidance: 'call the shifter', label: DEFAULT_ALARM_RULES[5].label });
    store.close();
    store = openStationStore(dir);
    expect(store.alarms.rules()[5]).toEqual(changed);
    store.close();
  });

  it('keeps alarms through the service: raise, ack, history, and active ones survive a restart', () => {
    const dir = dirs.make();
    const clock = { now: 1_000 };
    const pushed: number[][] = [];
    const notes: string[] = [];
    let store = openStationStore(dir);
    let service = new AlarmService({ store: store.alarms, now: () => clock.now, publish: (alarms) => pushed.push(alarms.map((a) => a.id)), notify: (n) => notes.push(n.title) });
    service.report([{ ruleId: 'agent-expired', subject: 'observatory.a', holds: true, title: 'Agent observatory.a expired' }]);
    service.report([{ ruleId: 'agent-expired', subject: 'observatory.a', holds: true }]);
    expect(notes).toEqual(['Alarm: Agent observatory.a expired']);
    expect(service.list(10).active).toHaveLength(1);
    store.close();

    clock.now = 2_000;
    store = openStationStore(dir);
    service = new AlarmService({ store: store.alarms, now: () => clock.now, publish: () => {} });
    const [alarm] = service.list(10).active;
    // Restored as cleared (its condition is unknown after a restart); latched, so it waits for the ack.
    expect(alarm).toMatchObject({ subject: 'observatory.a', clearedAt: 2_000, finishedAt: null });
    clock.now = 3_000;
    expect(service.ack(alarm.id, 'alice (headless)')).toMatchObject({ ackedBy: 'alice (headless)', ackedAt: 3_000, finishedAt: 3_000 });
    expect(service.list(10)).toMatchObject({ active: [], history: [{ id: alarm.id, finishedAt: 3_000 }] });
    expect(store.alarms.get(alarm.id)).toMatchObject({ ackedBy: 'alice (headless)' });
    expect(() => service.ack(999, 'x')).toThrow(/no alarm with id 999/);
    store.close();
    expect(pushed).toEqual([[1]]);
  });
});
