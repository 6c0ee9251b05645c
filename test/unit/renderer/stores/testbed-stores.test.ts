import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StationLink } from '../../../../renderer/src/api/link.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { getInitialTestbedMessagesState, MESSAGE_LIMIT, useTestbedMessagesStore } from '../../../../renderer/src/stores/testbed-messages-store.js';
import { getInitialTestbedState, runParams, useTestbedStore } from '../../../../renderer/src/stores/testbed-store.js';
import { wireStores } from '../../../../renderer/src/stores/wire.js';
import { FakeStation } from '../fake-station.js';
import { EXECUTION, fullRun, message, status } from '../testbed-fixtures.js';

describe('testbed messages store', () => {
  beforeEach(() => useTestbedMessagesStore.setState(getInitialTestbedMessagesState()));

  it('merges pushes and reloads by id, ascending, without duplicates', () => {
    const store = useTestbedMessagesStore.getState();
    store.applyMessages([message(3, 'stf_gen'), message(4, 'stf_ready')]);
    store.applyMessages([message(1, 'run_imminent'), message(4, 'stf_ready'), message(5, 'end_run')]);
    expect(useTestbedMessagesStore.getState().messages.map((m) => m.id)).toEqual([1, 3, 4, 5]);
  });

  it(`keeps the newest ${MESSAGE_LIMIT}`, () => {
    const many = Array.from({ length: MESSAGE_LIMIT + 10 }, (_, index) => message(index + 1, 'stf_gen'));
    useTestbedMessagesStore.getState().applyMessages(many);
    const kept = useTestbedMessagesStore.getState().messages;
    expect(kept).toHaveLength(MESSAGE_LIMIT);
    expect(kept[0].id).toBe(11);
  });

  it('follows the newest execution until one is pinned', () => {
    const store = useTestbedMessagesStore.getState();
    store.applyMessages(fullRun(1));
    expect(useTestbedMessagesStore.getState().executionId).toBe(EXECUTION);
    store.follow('mine-0009');
    store.applyMessages([message(50, 'run_imminent', { executionId: 'other-0010' })]);
    expect(useTestbedMessagesStore.getState().executionId).toBe('mine-0009');
  });

  it('loads the newest messages once from the station', async () => {
    const station = new FakeStation().handle('testbed:messages', () => fullRun(1));
    setStationApi(station);
    await useTestbedMessagesStore.getState().load();
    expect(station.callsTo('testbed:messages')).toEqual([{ limit: MESSAGE_LIMIT }]);
    expect(useTestbedMessagesStore.getState()).toMatchObject({ loaded: true, executionId: EXECUTION });
  });
});

describe('testbed store', () => {
  beforeEach(() => useTestbedStore.setState(getInitialTestbedState()));

  it('turns the form into run parameters and names a bad field', () => {
    expect(runParams({ stf_count: '10', physics_period_count: '0', stf_interval: '0.5', realtime: false })).toEqual({ stf_count: 10, physics_period_count: 0, stf_interval: 0.5, realtime: false });
    expect(() => runParams({ stf_count: '', physics_period_count: '1', stf_interval: '2', realtime: true })).toThrow('stf_count must be a whole number ≥ 0');
    expect(() => runParams({ stf_count: '1', physics_period_count: '1', stf_interval: '-2', realtime: true })).toThrow('stf_interval must be a number ≥ 0');
  });

  it('shows a refusal from the station in the notice', async () => {
    setStationApi(
      new FakeStation()
        .handle('testbed:run', () => {
          throw new Error("Cannot start - agents already running: ['workflow-runner']");
        })
        .handle('testbed:status', () => status()),
    );
    await useTestbedStore.getState().run();
    expect(useTestbedStore.getState().notice).toEqual({ kind: 'error', text: "Cannot start - agents already running: ['workflow-runner']" });
    expect(useTestbedStore.getState().busy).toBeNull();
  });
});

describe('wireStores (testbed)', () => {
  let unwire: () => void = () => undefined;
  afterEach(() => unwire());

  it('routes testbed:messages and testbed:status pushes into the stores and unwires them', async () => {
    useTestbedStore.setState(getInitialTestbedState());
    useTestbedMessagesStore.setState(getInitialTestbedMessagesState());
    const station = new FakeStation();
    const link: StationLink = { api: station, state: () => ({ status: 'connecting' }), onState: () => () => undefined, close: () => undefined };
    unwire = wireStores(link);
    station.push('testbed:messages', fullRun(1));
    station.push('testbed:status', status({ at: 42 }));
    await vi.waitFor(() => expect(useTestbedStore.getState().status?.at).toBe(42));
    expect(useTestbedMessagesStore.getState().messages).toHaveLength(5);
    unwire();
    expect(station.listenerCount('testbed:messages') + station.listenerCount('testbed:status')).toBe(0);
  });
});
