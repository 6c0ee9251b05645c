import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialDataFileState, useDataFileStore } from '../../../../renderer/src/stores/datafile-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation } from '../fake-station.js';
import { dataFile } from '../smurf-fixtures.js';

describe('data file store', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation().handle('smurf:datafiles', ({ pubId, action } = { limit: 500 }) =>
      [dataFile(3, { pubId: 'crate1slot3' }), dataFile(2, { action: 'take_iv', type: 'iv' }), dataFile(1)].filter(
        (file) => (!pubId || file.pubId === pubId) && (!action || file.action === action),
      ),
    );
    setStationApi(station);
    useDataFileStore.setState(getInitialDataFileState());
  });
  afterEach(() => useDataFileStore.setState(getInitialDataFileState()));

  it('loads newest first and refetches with the filter', async () => {
    await useDataFileStore.getState().load();
    expect(useDataFileStore.getState().files.map((file) => file.id)).toEqual([3, 2, 1]);
    await useDataFileStore.getState().setFilter({ pubId: 'crate1slot2' });
    await useDataFileStore.getState().setFilter({ action: 'take_iv' });
    expect(station.callsTo('smurf:datafiles')).toEqual([{ limit: 500 }, { limit: 500, pubId: 'crate1slot2' }, { limit: 500, pubId: 'crate1slot2', action: 'take_iv' }]);
    expect(useDataFileStore.getState().files.map((file) => file.id)).toEqual([2]);
  });

  it('prepends pushed files that pass the filter, once each', async () => {
    await useDataFileStore.getState().setFilter({ pubId: 'crate1slot2' });
    useDataFileStore.getState().applyFiles([dataFile(4), dataFile(5, { pubId: 'crate1slot5' }), dataFile(6)]);
    useDataFileStore.getState().applyFiles([dataFile(6)]);
    expect(useDataFileStore.getState().files.map((file) => file.id)).toEqual([6, 4, 2, 1]);
  });

  it('records a failed load for the view', async () => {
    station.handle('smurf:datafiles', () => {
      throw new Error('smurf:datafiles: the station has no store');
    });
    await useDataFileStore.getState().load();
    expect(useDataFileStore.getState()).toMatchObject({ loaded: false, error: 'smurf:datafiles: the station has no store' });
  });
});
