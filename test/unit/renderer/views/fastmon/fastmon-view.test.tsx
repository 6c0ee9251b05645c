// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialFastmonState, useFastmonStore } from '../../../../../renderer/src/stores/fastmon-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { FastmonView } from '../../../../../renderer/src/views/fastmon/fastmon-view.js';
import { FakeStation } from '../../fake-station.js';
import { fastmonRun, fastmonTf } from '../../fastmon-fixtures.js';

const RUN_2_TF = fastmonTf(9, { runNumber: 100011, tfFilename: 'swf.100011.000001_tf_001.tf', stfFilename: 'swf.100011.000001.stf', executionId: 'stf_datataking-alice-0002' });

function makeStation(): FakeStation {
  return new FakeStation()
    .handle('fastmon:runs', () => [fastmonRun(100011, { executionId: 'stf_datataking-alice-0002', tfFiles: 1, stfsSeen: 4 }), fastmonRun(100010, { stfsSeen: 2, stfsSampled: 1, tfFiles: 2, tfCount: 20 })])
    .handle('fastmon:tfs', () => [fastmonTf(1), fastmonTf(2), RUN_2_TF])
    .handle('fastmon:stf', ({ stfFilename }) => ({
      filename: stfFilename, runNumber: 100010, executionId: 'stf_datataking-alice-0001', sequence: 1, sizeBytes: 12_000, status: 'registered', createdBy: 'data-agent', createdAt: 1,
      tfs: [fastmonTf(1), fastmonTf(2)],
    }));
}

describe('Fastmon view', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = makeStation();
    setStationApi(station);
    useFastmonStore.setState(getInitialFastmonState());
  });
  afterEach(cleanup);

  it('shows the runs with their counts, the sampling parameters and the feed', async () => {
    render(<FastmonView />);
    await waitFor(() => expect(screen.getAllByTestId('fastmon-run-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('fastmon-run-row');
    expect(rows.map((row) => row.getAttribute('data-run'))).toEqual(['100011', '100010']);
    const cells = (id: string) => screen.getAllByTestId(id).map((cell) => cell.textContent);
    expect(cells('fastmon-run-stfs-seen')).toEqual(['4', '2']);
    expect(cells('fastmon-run-tf-files')).toEqual(['1', '2']);
    expect(cells('fastmon-run-tf-count')).toEqual(['140', '20']);
    expect(cells('fastmon-run-rate')).toEqual(['7.0/s', '7.0/s']);
    expect(screen.getByTestId('fastmon-sampling-seed').textContent).toBe('fastmon');
    expect(screen.getByTestId('fastmon-sampling-tf-size-fraction').textContent).toBe('0.15');
    expect(screen.getByTestId('fastmon-sampling-selection-fraction').textContent).toContain('observed 1 of 4 STFs');
    expect(screen.getByTestId('fastmon-feed-count').textContent).toBe('3 of 3');
    expect(screen.getAllByTestId('fastmon-tf-row')).toHaveLength(3);
  });

  it('filters the feed by a clicked run and by text, and pauses with an "N new" count', async () => {
    render(<FastmonView />);
    await waitFor(() => expect(screen.getByTestId('fastmon-feed-count').textContent).toBe('3 of 3'));
    fireEvent.click(screen.getAllByTestId('fastmon-run-row')[1]);
    expect(screen.getByTestId('fastmon-feed-count').textContent).toBe('2 of 3');
    expect(screen.getByTestId('fastmon-sampling').textContent).toContain('run 100010');
    fireEvent.change(screen.getByTestId('fastmon-filter-text'), { target: { value: 'tf_002' } });
    expect(screen.getByTestId('fastmon-feed-count').textContent).toBe('1 of 3');
    fireEvent.click(screen.getByTestId('fastmon-filter-run'));
    fireEvent.change(screen.getByTestId('fastmon-filter-text'), { target: { value: '' } });
    expect(screen.getByTestId('fastmon-feed-count').textContent).toBe('3 of 3');

    fireEvent.click(screen.getByTestId('fastmon-pause'));
    act(() => useFastmonStore.getState().applyTfs([fastmonTf(3, { messageId: 1 }), fastmonTf(4, { messageId: 2 })]));
    expect(screen.getByTestId('fastmon-new-count').textContent).toBe('2 new');
    expect(screen.getByTestId('fastmon-feed-count').textContent).toBe('3 of 3');
    fireEvent.click(screen.getByTestId('fastmon-pause'));
    expect(screen.getByTestId('fastmon-feed-count').textContent).toBe('5 of 5');
    expect(screen.queryByTestId('fastmon-new-count')).toBeNull();
  });

  it('shows a clicked TF\'s STF with its other TFs and highlights its run', async () => {
    render(<FastmonView />);
    await waitFor(() => expect(screen.getAllByTestId('fastmon-tf-row')).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('fastmon-tf-row')[1]);
    await waitFor(() => expect(screen.getByTestId('fastmon-detail-stf-size').textContent).toBe('12.0 kB'));
    expect(screen.getByTestId('fastmon-detail-tf').textContent).toBe('swf.100010.000001_tf_002.tf');
    expect(screen.getByTestId('fastmon-detail-stf').textContent).toBe('swf.100010.000001.stf');
    expect(screen.getByTestId('fastmon-detail-run').textContent).toBe('100010');
    expect(screen.getByTestId('fastmon-detail-execution').textContent).toBe('stf_datataking-alice-0001');
    expect(screen.getAllByTestId('fastmon-detail-stf-tf')).toHaveLength(2);
    const runRow = screen.getAllByTestId('fastmon-run-row').find((row) => row.getAttribute('data-run') === '100010');
    expect(runRow?.className).toContain('row--linked');
    expect(station.callsTo('fastmon:stf')).toEqual([{ stfFilename: 'swf.100010.000001.stf' }]);
  });

  it('draws the charts from the pushed batches', async () => {
    render(<FastmonView />);
    await waitFor(() => expect(screen.getByTestId('fastmon-chart-rate').getAttribute('data-points')).toBe('1'));
    act(() => useFastmonStore.getState().applyTfs([fastmonTf(5, { at: 1_800_000_002_000 }), fastmonTf(6, { at: 1_800_000_003_500 })]));
    await waitFor(() => expect(screen.getByTestId('fastmon-chart-rate').getAttribute('data-points')).toBe('3'));
    expect(screen.getByTestId('fastmon-chart-volume').textContent).toContain('500 B in 5 TFs');
  });
});
