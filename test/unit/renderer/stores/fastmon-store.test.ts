import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PENDING_LIMIT, TF_LIMIT } from '../../../../renderer/src/logic/fastmon-feed.js';
import { getInitialFastmonState, useFastmonStore } from '../../../../renderer/src/stores/fastmon-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation } from '../fake-station.js';
import { fastmonRun, fastmonTf } from '../fastmon-fixtures.js';

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => fastmonTf(from + i, { tfFilename: `tf-${from + i}.tf` }));

describe('fastmon store', () => {
  let station: FakeStation;
  let sets: number;
  let unsubscribe: () => void;
  afterEach(() => unsubscribe());
  beforeEach(() => {
    station = new FakeStation()
      .handle('fastmon:runs', () => [fastmonRun(100010)])
      .handle('fastmon:tfs', () => [fastmonTf(1), fastmonTf(2)])
      .handle('fastmon:stf', ({ stfFilename }) => ({ filename: stfFilename, runNumber: 100010, executionId: 'x', sequence: 1, sizeBytes: 5000, status: 'registered', createdBy: 'data', createdAt: 1, tfs: [fastmonTf(1), fastmonTf(2)] }));
    setStationApi(station);
    useFastmonStore.setState(getInitialFastmonState());
    sets = 0;
    unsubscribe = useFastmonStore.subscribe(() => (sets += 1));
  });

  it('loads runs and the newest TFs, merging with pushes already received', async () => {
    useFastmonStore.getState().applyTfs([fastmonTf(2, { messageId: 9 }), fastmonTf(3, { messageId: 10 })]);
    await useFastmonStore.getState().load();
    const state = useFastmonStore.getState();
    expect(state.loaded).toBe(true);
    expect(state.runs.map((run) => run.runNumber)).toEqual([100010]);
    expect(state.tfs.map((tf) => [tf.tfId, tf.messageId])).toEqual([
      [1, null],
      [2, 9],
      [3, 10],
    ]);
    // The charts count TF 1 once (from the load): 2 and 3 came by push.
    expect(state.series.all.totalTfs).toBe(3);
    expect(station.callsTo('fastmon:tfs')).toEqual([{ limit: 5000, newest: true }]);
  });

  it('applies one push batch with one set, keeping the last TF_LIMIT TFs', () => {
    useFastmonStore.getState().applyTfs(range(1, 1000));
    expect(sets).toBe(1);
    useFastmonStore.getState().applyTfs(range(1001, TF_LIMIT));
    expect(sets).toBe(2);
    const { tfs, series } = useFastmonStore.getState();
    expect(tfs).toHaveLength(TF_LIMIT);
    expect(tfs[0].tfId).toBe(1001);
    expect(series.all.totalTfs).toBe(TF_LIMIT + 1000);
    useFastmonStore.getState().applyTfs([]);
    expect(sets).toBe(2);
  });

  it('buffers while paused (bounded, counting what it dropped) and shows the buffer on resume', () => {
    useFastmonStore.getState().applyTfs(range(1, 3));
    useFastmonStore.getState().setPaused(true);
    useFastmonStore.getState().applyTfs(range(4, 2));
    expect(useFastmonStore.getState().tfs).toHaveLength(3);
    expect(useFastmonStore.getState().pending).toHaveLength(2);
    useFastmonStore.getState().applyTfs(range(6, PENDING_LIMIT));
    expect(useFastmonStore.getState().pending).toHaveLength(PENDING_LIMIT);
    expect(useFastmonStore.getState().pendingDropped).toBe(2);
    // The charts keep counting while the feed is paused.
    expect(useFastmonStore.getState().series.all.totalTfs).toBe(PENDING_LIMIT + 5);
    useFastmonStore.getState().setPaused(false);
    const state = useFastmonStore.getState();
    expect(state.pending).toEqual([]);
    expect(state.pendingDropped).toBe(0);
    expect(state.tfs.at(-1)?.tfId).toBe(PENDING_LIMIT + 5);
    expect(state.tfs).toHaveLength(TF_LIMIT);
  });

  it('merges run pushes, toggles the run filter and fetches a clicked TF\'s STF', async () => {
    useFastmonStore.getState().applyRuns([fastmonRun(100010), fastmonRun(100011)]);
    useFastmonStore.getState().applyRuns([fastmonRun(100010, { tfFiles: 21 })]);
    expect(useFastmonStore.getState().runs.map((run) => [run.runNumber, run.tfFiles])).toEqual([
      [100011, 7],
      [100010, 21],
    ]);
    useFastmonStore.getState().toggleRun(100010);
    expect(useFastmonStore.getState().filter.run).toBe(100010);
    useFastmonStore.getState().toggleRun(100010);
    expect(useFastmonStore.getState().filter.run).toBeNull();
    await useFastmonStore.getState().selectTf(fastmonTf(2));
    expect(useFastmonStore.getState().stf?.sizeBytes).toBe(5000);
    expect(station.callsTo('fastmon:stf')).toEqual([{ stfFilename: 'swf.100010.000001.stf' }]);
    station.handle('fastmon:stf', () => null);
    await useFastmonStore.getState().selectTf(fastmonTf(3));
    expect(useFastmonStore.getState().stfError).toMatch(/not in the store/);
  });

  it('keeps the load error for the view', async () => {
    station.handle('fastmon:runs', () => Promise.reject(new Error('store busy')));
    await useFastmonStore.getState().load();
    expect(useFastmonStore.getState().error).toBe('store busy');
  });
});
