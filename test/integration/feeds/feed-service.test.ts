/**
 * Live feeds over real sockets: createStation (embedded router, demo site) and the demo thermometer's
 * `temperatures` record feed, driven through the handler table like the UI does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedSeriesBatch, FeedsListView, FeedSubscriptionView } from '../../../shared/feeds.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';

const THERMO = 'observatory.demo-thermo';
let station: Station;
const batches: FeedSeriesBatch[] = [];

async function value<T>(channel: string, request?: unknown): Promise<T> {
  const envelope = await station.table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(async () => {
  station = await createStation({ mode: 'headless', wampPort: 0, smurf: false });
  station.table.onPush((channel, payload) => {
    if (channel === 'feeds:data') batches.push(...(payload as FeedSeriesBatch[]));
  });
});
afterAll(async () => {
  await station?.close();
});

describe('feeds (embedded router + demo thermometer)', () => {
  it('lists the thermometer feed with the fields of its first recorded block', async () => {
    const list = await waitFor(async () => {
      const envelope = await station.table.invoke('feeds:list', { address: THERMO, waitMs: 3000 });
      return envelope.ok ? (envelope.value as FeedsListView) : null;
    }, 15_000);
    const feed = list.feeds.find((item) => item.name === 'temperatures');
    expect(feed).toMatchObject({ topic: `${THERMO}.feeds.temperatures`, record: true, fieldsFrom: 'data', subscribed: false });
    expect(feed!.fields).toEqual(['ch1', 'ch2', 'ch3', 'ch4'].map((field) => ({ block: 'temps', field })));
    // The heartbeat feed carries op codes, not samples.
    expect(list.feeds.map((item) => item.name)).not.toContain('heartbeat');
  });

  it('subscribes, returns buffered points, and pushes feeds:data with increasing timestamps', async () => {
    const sub = await value<FeedSubscriptionView>('feeds:subscribe', { address: THERMO, feed: 'temperatures' });
    expect(sub.live).toBe(true);
    expect(sub.fields.map((field) => field.field)).toEqual(['ch1', 'ch2', 'ch3', 'ch4']);
    const start = batches.length;
    const ch1 = () => batches.slice(start).filter((batch) => batch.address === THERMO && batch.field === 'ch1').flatMap((batch) => batch.t);
    const times = await waitFor(() => (ch1().length >= 3 ? ch1() : null), 10_000);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
    expect(Math.abs(times[times.length - 1] - Date.now() / 1000)).toBeLessThan(5);
    const sample = batches.slice(start).find((batch) => batch.field === 'ch2')!;
    expect(sample.block).toBe('temps');
    expect(sample.v.every((v) => Number.isFinite(v) && v > 0)).toBe(true);

    // A second subscriber gets the buffered history; refs count both.
    const again = await value<FeedSubscriptionView>('feeds:subscribe', { address: THERMO, feed: 'temperatures' });
    expect(again.series.find((s) => s.field === 'ch1')!.t.length).toBeGreaterThanOrEqual(3);
    expect(again.stats.malformed).toBe(0);
    expect(await value('feeds:unsubscribe', { address: THERMO, feed: 'temperatures' })).toEqual({ refs: 1 });
    expect(await value('feeds:unsubscribe', { address: THERMO, feed: 'temperatures' })).toEqual({ refs: 0 });

    // After the last unsubscribe no more points arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = batches.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(batches.length).toBe(after);
  });

  it('refuses bad requests with a clear message', async () => {
    const envelope = await station.table.invoke('feeds:subscribe', { address: THERMO, feed: 'bad feed!' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const missing = await station.table.invoke('feeds:list', { address: 'observatory.nobody', waitMs: 0 });
    expect(missing).toMatchObject({ ok: false, error: { code: 'agent_error' } });
  });
});
