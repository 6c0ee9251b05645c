import { beforeEach, describe, expect, it } from 'vitest';
import { getInitialClockState, useClockStore } from '../../../../renderer/src/stores/clock-store.js';
import { getInitialOperationsState, gridWithChanges, timelineWithChanges, useOperationsStore, windowRange } from '../../../../renderer/src/stores/operations-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation, session } from '../fake-station.js';
import { gridRow, opRecord, timeline } from '../operations-fixtures.js';

describe('operations store', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation()
      .handle('ops:grid', () => [gridRow('obs.thermo', { acq: 3 }), gridRow('obs.hwp', { fail_on_purpose: 1 })])
      .handle('ops:timeline', ({ from, to }) => timeline(from, to))
      .handle('ops:record', ({ id }) => opRecord(id, 'obs.hwp', 'fail_on_purpose', 6, 1_011, { sessionId: 3 }))
      .handle('op:status', ({ op }) => ({ status: 0, message: 'ok', session: session(op, { op_code: 6, status: 'done', success: false, end_time: 1_012 }) }));
    setStationApi(station);
    useClockStore.setState(getInitialClockState());
    useOperationsStore.setState(getInitialOperationsState());
  });

  it('loads the grid (sorted) and the live window\'s timeline', async () => {
    await useOperationsStore.getState().load();
    const state = useOperationsStore.getState();
    expect(state.grid.map((row) => row.address)).toEqual(['obs.hwp', 'obs.thermo']);
    expect(state.timeline?.strips).toHaveLength(2);
    const [request] = station.callsTo('ops:timeline') as Array<{ from: number; to: number }>;
    expect(request.to - request.from).toBe(3_600);
    expect(Math.abs(request.to - Date.now() / 1000)).toBeLessThan(5);
  });

  it('asks for a chosen window and class, and zooms around the centre', async () => {
    await useOperationsStore.getState().setWindow({ kind: 'fixed', from: 1_000, to: 2_000 });
    await useOperationsStore.getState().setClassFilter('DemoHWPRotation');
    await useOperationsStore.getState().zoom(0.5);
    expect(useOperationsStore.getState().window).toEqual({ kind: 'fixed', from: 1_250, to: 1_750 });
    await useOperationsStore.getState().zoomTo(1_300, 1_302);
    expect(useOperationsStore.getState().window).toEqual({ kind: 'fixed', from: 1_296, to: 1_306 });
    expect(station.callsTo('ops:timeline')).toEqual([
      { from: 1_000, to: 2_000 },
      { from: 1_000, to: 2_000, agentClass: 'DemoHWPRotation' },
      { from: 1_250, to: 1_750, agentClass: 'DemoHWPRotation' },
      { from: 1_296, to: 1_306, agentClass: 'DemoHWPRotation' },
    ]);
    // Zooming out of a live window keeps it live.
    await useOperationsStore.getState().setWindow({ kind: 'live', span: 900 });
    await useOperationsStore.getState().zoom(2);
    expect(useOperationsStore.getState().window).toEqual({ kind: 'live', span: 1_800 });
  });

  it('applies pushed changes to the grid and to a live timeline, not to a fixed one', async () => {
    await useOperationsStore.getState().load();
    const { from } = useOperationsStore.getState().timeline!;
    useOperationsStore.getState().applyChanges([opRecord(10, 'obs.hwp', 'fail_on_purpose', 2, from + 20), opRecord(11, 'obs.new', 'x', 3, from + 21)]);
    const state = useOperationsStore.getState();
    expect(state.grid.map((row) => [row.address, row.ops])).toEqual([
      ['obs.hwp', { fail_on_purpose: { code: 2, since: from + 20 } }],
      ['obs.new', { x: { code: 3, since: from + 21 } }],
      ['obs.thermo', { acq: { code: 3, since: 1_000 } }],
    ]);
    expect(state.timeline!.strips.find((s) => s.op === 'fail_on_purpose')!.segments.slice(-2)).toEqual([
      [from + 11, from + 20, 6, 3],
      [from + 20, from + 20, 2, 10],
    ]);
    expect(state.timeline!.strips.map((s) => s.agent)).toEqual(['obs.hwp', 'obs.new', 'obs.thermo']);

    await useOperationsStore.getState().setWindow({ kind: 'fixed', from: 1, to: 2 });
    const fixed = useOperationsStore.getState().timeline;
    useOperationsStore.getState().applyChanges([opRecord(12, 'obs.hwp', 'fail_on_purpose', 3, 5_000)]);
    expect(useOperationsStore.getState().timeline).toBe(fixed);
  });

  it('marks an agent expired when all its ops are EXPIRED, and honours the class filter for live strips', () => {
    const grid = gridWithChanges([gridRow('obs.hwp', { a: 3, b: 1 })], [opRecord(1, 'obs.hwp', 'a', 7, 5), opRecord(2, 'obs.hwp', 'b', 7, 5)]);
    expect(grid[0].expired).toBe(true);
    const live = timelineWithChanges({ from: 0, to: 10, truncated: false, strips: [] }, [opRecord(3, 'obs.thermo', 'acq', 3, 5)], 'DemoHWPRotation');
    expect(live.strips).toEqual([]);
  });

  it('shows a cell\'s live session (op:status) and a segment\'s recorded change (ops:record)', async () => {
    await useOperationsStore.getState().load();
    await useOperationsStore.getState().selectCell('obs.hwp', 'fail_on_purpose');
    expect(useOperationsStore.getState().detail).toMatchObject({ kind: 'live', address: 'obs.hwp', op: 'fail_on_purpose', reply: { session: { op_code: 6 } } });
    await useOperationsStore.getState().selectSegment('obs.hwp', 'fail_on_purpose', [1_011, 1_020, 6, 3]);
    expect(useOperationsStore.getState().detail).toMatchObject({ kind: 'record', record: { id: 3, sessionId: 3 }, error: null });
    expect(station.callsTo('ops:record')).toEqual([{ id: 3 }]);
    useOperationsStore.getState().closeDetail();
    expect(useOperationsStore.getState().detail).toBeNull();
  });

  it('computes live and fixed window ranges', () => {
    expect(windowRange({ kind: 'live', span: 900 }, 10_000)).toEqual({ from: 9_100, to: 10_000 });
    expect(windowRange({ kind: 'fixed', from: 1, to: 2 }, 10_000)).toEqual({ from: 1, to: 2 });
  });
});
