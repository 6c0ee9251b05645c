import { describe, expect, it } from 'vitest';
import { addToAllSeries, addToSeries, appendCapped, chartPoints, EMPTY_SERIES, filterTfs, formatBytes, formatRate, mergeRuns, mergeTfs, SERIES_RUNS, SERIES_SECONDS } from '../../../../renderer/src/logic/fastmon-feed.js';
import { fastmonRun, fastmonTf } from '../fastmon-fixtures.js';

describe('fastmon feed logic', () => {
  it('appends with a cap, copying only the tail', () => {
    expect(appendCapped([1, 2, 3], [4], 5)).toEqual({ list: [1, 2, 3, 4], dropped: 0 });
    expect(appendCapped([1, 2, 3], [4, 5, 6], 4)).toEqual({ list: [3, 4, 5, 6], dropped: 2 });
    expect(appendCapped([1, 2], [3, 4, 5, 6, 7], 3)).toEqual({ list: [5, 6, 7], dropped: 4 });
  });

  it('merges a reload with pushed TFs by name, pushed views winning, ordered by row id', () => {
    const pushed = fastmonTf(2, { messageId: 50 });
    const merged = mergeTfs([pushed], [fastmonTf(1), fastmonTf(2), fastmonTf(3)]);
    expect(merged.map((tf) => tf.tfId)).toEqual([1, 2, 3]);
    expect(merged[1].messageId).toBe(50);
    expect(mergeTfs([], [fastmonTf(1), fastmonTf(2), fastmonTf(3)], 2).map((tf) => tf.tfId)).toEqual([2, 3]);
  });

  it('filters by run and by part of the TF or STF name, and returns the same array when nothing filters', () => {
    const tfs = [fastmonTf(1), fastmonTf(2, { runNumber: 100011, stfFilename: 'swf.100011.000001.stf', tfFilename: 'swf.100011.000001_tf_001.tf' })];
    expect(filterTfs(tfs, { text: '', run: null })).toBe(tfs);
    expect(filterTfs(tfs, { text: '', run: 100011 }).map((tf) => tf.tfId)).toEqual([2]);
    expect(filterTfs(tfs, { text: ' 100010.000001_TF ', run: null }).map((tf) => tf.tfId)).toEqual([1]);
    expect(filterTfs(tfs, { text: '100011.000001.stf', run: null }).map((tf) => tf.tfId)).toEqual([2]);
  });

  it('counts TFs and bytes per second, keeps SERIES_SECONDS and gives cumulative bytes ending at the total', () => {
    const at = (s: number) => 1_800_000_000_000 + s * 1000;
    let series = addToSeries(EMPTY_SERIES, [fastmonTf(1, { at: at(0) }), fastmonTf(2, { at: at(0) + 500 }), fastmonTf(3, { at: at(2), sizeBytes: null })]);
    expect(series.buckets).toEqual([
      { t: 1_800_000_000, tfs: 2, bytes: 200 },
      { t: 1_800_000_002, tfs: 1, bytes: 0 },
    ]);
    // A late TF lands in its own (earlier) second.
    series = addToSeries(series, [fastmonTf(4, { at: at(1) })]);
    expect(series.buckets.map((b) => b.t - 1_800_000_000)).toEqual([0, 1, 2]);
    expect(chartPoints(series)).toEqual({ t: [1_800_000_000, 1_800_000_001, 1_800_000_002], tfRate: [2, 1, 1], byteRate: [200, 100, 0], cumulative: [200, 300, 300] });
    series = addToSeries(series, [fastmonTf(5, { at: at(SERIES_SECONDS + 1) })]);
    expect(series.buckets.map((b) => b.t - 1_800_000_000)).toEqual([2, SERIES_SECONDS + 1]);
    expect(series.totalTfs).toBe(5);
    expect(chartPoints(series).cumulative).toEqual([300, 400]);
  });

  it('keeps a series for all runs and per run, the newest SERIES_RUNS runs only', () => {
    const all = addToAllSeries({}, [fastmonTf(1), fastmonTf(2, { runNumber: 100011 })]);
    expect(all.all.totalTfs).toBe(2);
    expect(all[100010].totalTfs).toBe(1);
    expect(all[100011].totalTfs).toBe(1);
    const many = addToAllSeries({}, Array.from({ length: SERIES_RUNS + 5 }, (_, i) => fastmonTf(i + 1, { runNumber: 200000 + i })));
    expect(Object.keys(many).filter((key) => key !== 'all')).toHaveLength(SERIES_RUNS);
    expect(many[200000]).toBeUndefined();
  });

  it('merges run rows by number, newest first', () => {
    const runs = mergeRuns([fastmonRun(100010, { tfFiles: 7 })], [fastmonRun(100011), fastmonRun(100010, { tfFiles: 14 })]);
    expect(runs.map((run) => [run.runNumber, run.tfFiles])).toEqual([
      [100011, 7],
      [100010, 14],
    ]);
  });

  it('formats bytes and rates', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.50 kB');
    expect(formatBytes(25_300_000)).toBe('25.3 MB');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(3.456)).toBe('3.5/s');
    expect(formatRate(1234.4)).toBe('1234/s');
  });
});
