// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialClockState, useClockStore } from '../../../../../renderer/src/stores/clock-store.js';
import { getInitialOperationsState, useOperationsStore } from '../../../../../renderer/src/stores/operations-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { OperationsView } from '../../../../../renderer/src/views/operations/operations-view.js';
import { axisTicks, placeSegments, segmentClass } from '../../../../../renderer/src/views/operations/timeline-geometry.js';
import { FakeStation, session } from '../../fake-station.js';
import { gridRow, opRecord, timeline } from '../../operations-fixtures.js';

describe('Operations view', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation()
      .handle('ops:grid', () => [gridRow('obs.hwp', { fail_on_purpose: 6, monitor: 3 }), gridRow('obs.thermo', { acq: 3 })])
      .handle('ops:timeline', ({ from, to, agentClass }) => {
        const all = timeline(from, to);
        return { ...all, strips: all.strips.filter((s) => agentClass === undefined || s.agentClass === agentClass) };
      })
      .handle('ops:record', ({ id }) => opRecord(id, 'obs.hwp', 'fail_on_purpose', 6, 1_011, { sessionId: 42, status: 'done', startedAt: 1_010, endedAt: 1_011 }))
      .handle('op:status', ({ op }) => ({ status: 0, message: 'ok', session: session(op, { session_id: 7, op_code: 6, status: 'done', success: false, end_time: 1_012, messages: [[1_012, 'Encoder not responding']] }) }));
    setStationApi(station);
    useClockStore.setState(getInitialClockState());
    useOperationsStore.setState(getInitialOperationsState());
  });
  afterEach(cleanup);

  it('shows the grid with op-code colours and the timeline strips', async () => {
    render(<OperationsView />);
    await waitFor(() => expect(screen.getAllByTestId('ops-strip')).toHaveLength(2));
    const cells = screen.getAllByTestId('ops-cell');
    expect(cells.map((cell) => [cell.getAttribute('data-agent'), cell.getAttribute('data-op'), cell.getAttribute('data-op-code')])).toEqual([
      ['obs.hwp', 'fail_on_purpose', '6'],
      ['obs.hwp', 'monitor', '3'],
      ['obs.thermo', 'acq', '3'],
    ]);
    expect(cells[0].className).toContain('chip--failed');
    const segments = screen.getAllByTestId('ops-segment');
    expect(segments.map((s) => s.getAttribute('data-op-code'))).toEqual(['1', '3', '6', '3']);
    expect(segments[2].className).toContain('ops-seg--failed');
    expect(screen.getByTestId('ops-range').textContent).toBe('last 1 h');
  });

  it('a pushed change recolours the cell', async () => {
    render(<OperationsView />);
    await waitFor(() => expect(screen.getAllByTestId('ops-cell')).toHaveLength(3));
    act(() => useOperationsStore.getState().applyChanges([opRecord(9, 'obs.thermo', 'acq', 7, Date.now() / 1000)]));
    const acq = screen.getAllByTestId('ops-cell').find((cell) => cell.getAttribute('data-op') === 'acq')!;
    expect(acq.getAttribute('data-op-code')).toBe('7');
    expect(acq.className).toContain('chip--expired');
  });

  it('opens a cell\'s live session and a segment\'s recorded change', async () => {
    render(<OperationsView />);
    await waitFor(() => expect(screen.getAllByTestId('ops-cell')).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('ops-cell')[0]);
    await waitFor(() => expect(screen.getByTestId('ops-detail-session').textContent).toBe('7'));
    expect(screen.getByTestId('ops-detail').getAttribute('data-kind')).toBe('live');
    expect(screen.getByTestId('op-messages').textContent).toContain('Encoder not responding');
    fireEvent.click(screen.getAllByTestId('ops-segment')[2]);
    await waitFor(() => expect(screen.getByTestId('ops-detail-session').textContent).toBe('42'));
    expect(screen.getByTestId('ops-detail').getAttribute('data-kind')).toBe('record');
    expect(screen.getByTestId('ops-detail-status').textContent).toBe('done');
    fireEvent.click(screen.getByTestId('ops-detail-close'));
    expect(screen.queryByTestId('ops-detail')).toBeNull();
  });

  it('switches windows, zooms with the buttons and filters by class', async () => {
    render(<OperationsView />);
    await waitFor(() => expect(screen.getAllByTestId('ops-strip')).toHaveLength(2));
    fireEvent.click(screen.getByTestId('ops-window-15m'));
    await waitFor(() => expect(screen.getByTestId('ops-range').textContent).toBe('last 15 min'));
    fireEvent.click(screen.getByTestId('ops-zoom-in'));
    await waitFor(() => expect(useOperationsStore.getState().window.kind).toBe('fixed'));
    const last = station.callsTo('ops:timeline').at(-1) as { from: number; to: number };
    expect(last.to - last.from).toBe(450);
    fireEvent.change(screen.getByTestId('ops-class-filter'), { target: { value: 'DemoThermometry' } });
    await waitFor(() => expect(screen.getAllByTestId('ops-strip')).toHaveLength(1));
    expect(screen.getAllByTestId('ops-grid-row').map((row) => row.getAttribute('data-agent'))).toEqual(['obs.thermo']);
  });
});

describe('timeline geometry', () => {
  it('places segments in percent of the window, the last one reaching now when live', () => {
    expect(placeSegments([[0, 50, 3, 1], [50, 60, 6, 2]], 0, 100, null)).toEqual([
      { segment: [0, 50, 3, 1], left: 0, width: 50 },
      { segment: [50, 60, 6, 2], left: 50, width: 10 },
    ]);
    expect(placeSegments([[50, 60, 6, 2]], 0, 100, 80)[0].width).toBe(30);
    // A zero-length last segment still shows as a sliver.
    expect(placeSegments([[90, 90, 2, 3]], 0, 100, null)[0].width).toBe(0.25);
    expect(placeSegments([[0, 10, 2, 3]], 20, 100, null)).toEqual([]);
  });

  it('names colours after the op codes and puts ticks on round times', () => {
    expect([1, 3, 6, 7, 42].map(segmentClass)).toEqual(['ops-seg--none', 'ops-seg--running', 'ops-seg--failed', 'ops-seg--expired', 'ops-seg--unknown']);
    const ticks = axisTicks(1_000_000, 1_003_600);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.every((t, i) => i === 0 || t - ticks[i - 1] === ticks[1] - ticks[0])).toBe(true);
  });
});
