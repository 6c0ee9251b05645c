import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ALARM_RULES, type AlarmView } from '../../../../shared/alarms.js';
import { getInitialAlarmsState, unacknowledged, useAlarmsStore } from '../../../../renderer/src/stores/alarms-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation } from '../fake-station.js';

const alarm = (id: number, patch: Partial<AlarmView> = {}): AlarmView => ({
  id,
  ruleId: 'agent-expired',
  subject: `observatory.a${id}`,
  title: `Agent ${id} expired`,
  detail: '',
  guidance: 'g',
  latched: true,
  raisedAt: id * 1000,
  clearedAt: null,
  ackedAt: null,
  ackedBy: null,
  finishedAt: null,
  ...patch,
});

describe('alarms store', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation()
      .handle('alarms:list', () => ({ active: [alarm(1)], history: [alarm(0, { finishedAt: 5 })] }))
      .handle('alarms:rules', () => DEFAULT_ALARM_RULES.map((rule) => ({ ...rule })))
      .handle('alarms:ack', ({ id }) => alarm(id, { ackedAt: 9, ackedBy: 'me', clearedAt: 8, finishedAt: 9 }))
      .handle('alarms:set-rule', (patch) => ({ ...DEFAULT_ALARM_RULES.find((rule) => rule.id === patch.id)!, ...patch }));
    setStationApi(station);
    useAlarmsStore.setState(getInitialAlarmsState());
  });
  afterEach(() => useAlarmsStore.setState(getInitialAlarmsState()));

  it('loads the lists and the rules', async () => {
    await useAlarmsStore.getState().load();
    const state = useAlarmsStore.getState();
    expect(state.active.map((a) => a.id)).toEqual([1]);
    expect(state.history.map((a) => a.id)).toEqual([0]);
    expect(state.rules).toHaveLength(DEFAULT_ALARM_RULES.length);
  });

  it('applies pushes: new alarms count as raised once, finished ones move to the history', () => {
    const store = useAlarmsStore.getState();
    store.applyAlarms([alarm(2), alarm(1)]);
    store.applyAlarms([alarm(2, { clearedAt: 3 })]);
    expect(useAlarmsStore.getState().active.map((a) => a.id)).toEqual([1, 2]);
    expect(useAlarmsStore.getState().raisedCount).toBe(2);
    store.applyAlarms([alarm(1, { finishedAt: 7, ackedAt: 7, ackedBy: 'x' })]);
    expect(useAlarmsStore.getState().active.map((a) => a.id)).toEqual([2]);
    expect(useAlarmsStore.getState().history.map((a) => a.id)).toEqual([1]);
    expect(useAlarmsStore.getState().raisedCount).toBe(2);
  });

  it('acknowledges every waiting alarm through alarms:ack', async () => {
    useAlarmsStore.getState().applyAlarms([alarm(1), alarm(2, { ackedAt: 1, ackedBy: 'y' })]);
    expect(unacknowledged(useAlarmsStore.getState().active).map((a) => a.id)).toEqual([1]);
    await useAlarmsStore.getState().ackAll();
    expect(station.callsTo('alarms:ack')).toEqual([{ id: 1 }]);
    expect(useAlarmsStore.getState().active.map((a) => a.id)).toEqual([2]);
  });

  it('saves a rule and replaces it in the list', async () => {
    await useAlarmsStore.getState().load();
    expect(await useAlarmsStore.getState().setRule({ id: 'task-failed', enabled: false })).toBe(true);
    expect(useAlarmsStore.getState().rules.find((rule) => rule.id === 'task-failed')?.enabled).toBe(false);
  });
});
