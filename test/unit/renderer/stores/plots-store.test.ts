// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { FeedSeriesBatch, FeedSubscriptionView } from '../../../../shared/feeds.js';
import { acquireFeed, getInitialPlotsState, loadPins, refreshHeldFeeds, resetPlotsData, savePins, seriesPoints, usePlotsStore } from '../../../../renderer/src/stores/plots-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation } from '../fake-station.js';

const A = 'observatory.demo-thermo';
const batch = (field: string, t: number[]): FeedSeriesBatch => ({ address: A, feed: 'temperatures', block: 'temps', field, t, v: t.map((x) => x / 10) });
const stats = { messages: 0, points: 0, skipped: 0, outOfOrder: 0, malformed: 0, lastTime: null };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('plots store', () => {
  let station: FakeStation;
  let refs = 0;
  beforeEach(() => {
    resetPlotsData();
    usePlotsStore.setState(getInitialPlotsState());
    refs = 0;
    station = new FakeStation()
      .handle('feeds:subscribe', ({ address, feed }): FeedSubscriptionView => (refs++, { address, feed, fields: [{ block: 'temps', field: 'ch1' }], series: [batch('ch1', [1, 2])], stats, live: true }))
      .handle('feeds:unsubscribe', () => ({ refs: --refs }));
    setStationApi(station);
    localStorage.clear();
  });

  it('subscribes once per feed however many plots hold it, and unsubscribes after the last', async () => {
    const release1 = acquireFeed(A, 'temperatures');
    const release2 = acquireFeed(A, 'temperatures');
    await flush();
    expect(station.callsTo('feeds:subscribe')).toEqual([{ address: A, feed: 'temperatures' }]);
    expect(seriesPoints(A, 'temperatures', { block: 'temps', field: 'ch1' }).t).toEqual([1, 2]);
    release1();
    release1();
    expect(station.callsTo('feeds:unsubscribe')).toEqual([]);
    release2();
    expect(station.callsTo('feeds:unsubscribe')).toHaveLength(1);
  });

  it('appends pushed points in order, bumps the version, ignores old points', () => {
    const store = usePlotsStore.getState();
    store.applyData([batch('ch1', [1, 2])]);
    const version = usePlotsStore.getState().version;
    store.applyData([batch('ch1', [2, 3, 4])]);
    expect(seriesPoints(A, 'temperatures', { block: 'temps', field: 'ch1' }).t).toEqual([1, 2, 3, 4]);
    expect(usePlotsStore.getState().version).toBe(version + 1);
    store.applyData([batch('ch1', [0, 1])]);
    expect(usePlotsStore.getState().version).toBe(version + 1);
  });

  it('drops points older than an hour before the newest', () => {
    usePlotsStore.getState().applyData([batch('ch1', [0, 250, 3700, 3800])]);
    expect(seriesPoints(A, 'temperatures', { block: 'temps', field: 'ch1' }).t).toEqual([250, 3700, 3800]);
  });

  it('re-reads held feeds after a reconnect without changing main\'s reference count', async () => {
    const release = acquireFeed(A, 'temperatures');
    await flush();
    await refreshHeldFeeds();
    expect(station.callsTo('feeds:subscribe')).toHaveLength(2);
    expect(refs).toBe(1);
    release();
  });

  it('keeps pins in storage and ignores foreign content', () => {
    const pin = { id: 'p1', address: A, feed: 'temperatures', fields: [{ block: 'temps', field: 'ch1' }], windowSec: 300 as const };
    savePins([pin]);
    expect(loadPins()).toEqual([pin]);
    localStorage.setItem('station.plots.pins', '{"not":"a list"}');
    expect(loadPins()).toEqual([]);
    localStorage.setItem('station.plots.pins', '[{"id":1}]');
    expect(loadPins()).toEqual([]);
  });
});
