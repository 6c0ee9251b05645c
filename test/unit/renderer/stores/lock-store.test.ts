import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialLockState, useLockStore } from '../../../../renderer/src/stores/lock-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation } from '../fake-station.js';
import { accessView, handleAccess } from '../lock-fixtures.js';

describe('lock store (the station holds the level)', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation();
    setStationApi(station);
    useLockStore.setState(getInitialLockState());
  });
  afterEach(() => useLockStore.setState(getInitialLockState()));

  it('knows no level until the station answers, then mirrors access:get', async () => {
    expect(useLockStore.getState().view).toBeNull();
    handleAccess(station, 'operate');
    await useLockStore.getState().load();
    expect(useLockStore.getState().view).toEqual(accessView('operate'));
  });

  it('sets the level through access:set and keeps what the station answered', async () => {
    handleAccess(station, 'operate');
    await useLockStore.getState().setLevel('expert');
    expect(station.callsTo('access:set')).toEqual([{ level: 'expert' }]);
    expect(useLockStore.getState().view).toMatchObject({ level: 'expert', relockAt: expect.any(Number) });
  });

  it('keeps the level and shows the error when the station refuses', async () => {
    handleAccess(station, 'operate', 'operate');
    await useLockStore.getState().load();
    await useLockStore.getState().setLevel('expert');
    expect(useLockStore.getState()).toMatchObject({ view: accessView('operate', { maxLevel: 'operate' }), error: 'access:set expert refused: this connection may unlock at most operate' });
  });

  it('applies access:level pushes (a relock) as they come', () => {
    useLockStore.getState().apply(accessView('expert', { relockAt: 5 }));
    useLockStore.getState().apply(accessView('operate'));
    expect(useLockStore.getState().view).toEqual(accessView('operate'));
  });
});
