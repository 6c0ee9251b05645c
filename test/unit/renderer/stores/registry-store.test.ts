import { beforeEach, describe, expect, it } from 'vitest';
import { getInitialRegistryState, useRegistryStore } from '../../../../renderer/src/stores/registry-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation, row } from '../fake-station.js';

describe('registry store', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation();
    setStationApi(station);
    useRegistryStore.setState(getInitialRegistryState());
  });

  it('loads the snapshot keyed by address', async () => {
    station.handle('registry:snapshot', () => [row('a.one'), row('a.two', { expired: true })]);
    await useRegistryStore.getState().load();
    const state = useRegistryStore.getState();
    expect(state.loaded).toBe(true);
    expect([...state.rows.keys()]).toEqual(['a.one', 'a.two']);
    expect(state.rows.get('a.two')?.expired).toBe(true);
  });

  it('applies pushed rows by address on top of the snapshot', async () => {
    station.handle('registry:snapshot', () => [row('a.one'), row('a.two')]);
    await useRegistryStore.getState().load();
    useRegistryStore.getState().applyRows([row('a.two', { expired: true, opCodes: { acq: 7 } }), row('a.three')]);
    const rows = useRegistryStore.getState().rows;
    expect(rows.size).toBe(3);
    expect(rows.get('a.two')).toMatchObject({ expired: true, opCodes: { acq: 7 } });
  });

  it('keeps the same map for an empty push (no re-render)', () => {
    const before = useRegistryStore.getState().rows;
    useRegistryStore.getState().applyRows([]);
    expect(useRegistryStore.getState().rows).toBe(before);
  });

  it('records why the snapshot failed', async () => {
    station.handle('registry:snapshot', () => {
      throw new Error('registry:snapshot: the station is not connected to a router');
    });
    await useRegistryStore.getState().load();
    expect(useRegistryStore.getState()).toMatchObject({ loaded: false, error: 'registry:snapshot: the station is not connected to a router' });
  });
});
