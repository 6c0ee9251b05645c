// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialDataFileState, useDataFileStore } from '../../../../../renderer/src/stores/datafile-store.js';
import { getInitialSmurfState, useSmurfStore } from '../../../../../renderer/src/stores/smurf-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { DataFilesView } from '../../../../../renderer/src/views/datafiles/datafiles-view.js';
import { FakeStation } from '../../fake-station.js';
import { dataFile, slot } from '../../smurf-fixtures.js';

const rowIds = () => screen.queryAllByTestId('datafile-row').map((el) => el.getAttribute('data-id'));

describe('Data files view', () => {
  let station: FakeStation;
  beforeEach(async () => {
    const files = [dataFile(3, { pubId: 'crate1slot3', action: 'take_iv', type: 'iv', plot: true }), dataFile(2), dataFile(1, { source: 'g3_file', type: 'g3', format: 'g3', action: null })];
    station = new FakeStation().handle('smurf:datafiles', ({ pubId, action } = { limit: 500 }) =>
      files.filter((file) => (!pubId || file.pubId === pubId) && (!action || file.action === action)),
    );
    setStationApi(station);
    useSmurfStore.setState({ ...getInitialSmurfState(), slots: new Map([slot(2), slot(5)].map((s) => [s.address, s])) });
    useDataFileStore.setState(getInitialDataFileState());
    await useDataFileStore.getState().load();
  });
  afterEach(cleanup);

  it('lists files newest first with slot, action, type, format, plot and path', () => {
    render(<DataFilesView />);
    expect(rowIds()).toEqual(['3', '2', '1']);
    const cells = [...screen.getAllByTestId('datafile-row')[0].querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(1)).toEqual(['crate1slot3', 'take_iv', 'iv', 'npy', 'yes', '/data/smurf/20261123/crate1slot2/outputs/3_noise.npy']);
    expect(screen.getAllByTestId('datafile-row')[2].querySelectorAll('td')[2].textContent).toBe('—');
  });

  it('filters by slot and action, offering known slots and seen actions', async () => {
    render(<DataFilesView />);
    const slotSelect = screen.getByTestId('datafile-filter-slot') as HTMLSelectElement;
    expect([...slotSelect.options].map((o) => o.value)).toEqual(['', 'crate1slot2', 'crate1slot3', 'crate1slot5']);
    await act(async () => {
      fireEvent.change(slotSelect, { target: { value: 'crate1slot2' } });
    });
    expect(rowIds()).toEqual(['2', '1']);
    await act(async () => {
      fireEvent.change(screen.getByTestId('datafile-filter-action'), { target: { value: 'take_noise' } });
    });
    expect(rowIds()).toEqual(['2']);
    expect(station.callsTo('smurf:datafiles').at(-1)).toEqual({ limit: 500, pubId: 'crate1slot2', action: 'take_noise' });
  });

  it('appends pushed files live', () => {
    render(<DataFilesView />);
    act(() => useDataFileStore.getState().applyFiles([dataFile(4, { action: 'take_bgmap' })]));
    expect(rowIds()).toEqual(['4', '3', '2', '1']);
    expect(screen.getByTestId('datafile-count').textContent).toBe('4 files');
  });
});
