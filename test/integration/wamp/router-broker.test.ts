import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter, type RouterHandle } from '../../../main/wamp/index.js';
import { openSession } from '../../helpers/autobahn.js';
import { waitFor } from '../../helpers/net.js';
import { RawPeer } from '../../helpers/raw-wamp.js';

let router: RouterHandle;
beforeAll(async () => {
  router = await startRouter({ port: 0 });
});
afterAll(async () => {
  await router.close();
});

const HEARTBEAT = [[{ acq: 1, delay_task: 3 }, { agent_address: 'observatory.fake-data1', feed_name: 'heartbeat', record: false }]];

describe('broker', () => {
  it('delivers wildcard events with details.topic and the one-element args list intact', async () => {
    const subscriber = await RawPeer.join(router.wsUrl);
    const publisher = await RawPeer.join(router.wsUrl);
    subscriber.send([32, 1, { match: 'wildcard' }, 'observatory..feeds.heartbeat']);
    const [, , subscriptionId] = await subscriber.next((m) => m[0] === 33);
    publisher.send([16, 1, {}, 'observatory.fake-data1.feeds.heartbeat', HEARTBEAT]);
    publisher.send([16, 2, {}, 'observatory.fake-data1.feeds.other', [1]]);
    publisher.send([16, 3, {}, 'observatory.a.b.feeds.heartbeat', [2]]);
    const event = await subscriber.next((m) => m[0] === 36);
    expect(event[1]).toBe(subscriptionId);
    expect(event[3]).toEqual({ topic: 'observatory.fake-data1.feeds.heartbeat' });
    expect(event[4]).toEqual(HEARTBEAT);
    // Neither a different last component nor a different component count matched.
    await new Promise((r) => setTimeout(r, 100));
    expect(subscriber.received.filter((m) => m[0] === 36)).toHaveLength(0);
    for (const p of [subscriber, publisher]) p.close();
  });

  it('matches the four-component feeds wildcard used by the Aggregator', async () => {
    const subscriber = await RawPeer.join(router.wsUrl);
    const publisher = await RawPeer.join(router.wsUrl);
    subscriber.send([32, 1, { match: 'wildcard' }, 'observatory..feeds.']);
    await subscriber.next((m) => m[0] === 33);
    publisher.send([16, 1, {}, 'observatory.lakeshore.feeds.temperatures', [{ x: 1 }]]);
    expect((await subscriber.next((m) => m[0] === 36))[3]).toEqual({ topic: 'observatory.lakeshore.feeds.temperatures' });
    for (const p of [subscriber, publisher]) p.close();
  });

  it('matches prefix subscriptions and gives exact ones no topic detail', async () => {
    const subscriber = await RawPeer.join(router.wsUrl);
    const publisher = await RawPeer.join(router.wsUrl);
    subscriber.send([32, 1, { match: 'prefix' }, 'observatory.agent7.']);
    subscriber.send([32, 2, {}, 'observatory.agent7.feeds.x']);
    const prefixId = (await subscriber.next((m) => m[0] === 33 && m[1] === 1))[2];
    const exactId = (await subscriber.next((m) => m[0] === 33 && m[1] === 2))[2];
    publisher.send([16, 1, {}, 'observatory.agent7.feeds.x', ['v'], { k: 1 }]);
    const first = await subscriber.next((m) => m[0] === 36 && m[1] === prefixId);
    const second = await subscriber.next((m) => m[0] === 36 && m[1] === exactId);
    expect(first.slice(3)).toEqual([{ topic: 'observatory.agent7.feeds.x' }, ['v'], { k: 1 }]);
    expect(second.slice(3)).toEqual([{}, ['v'], { k: 1 }]);
    for (const p of [subscriber, publisher]) p.close();
  });

  it('excludes the publisher by default, includes it with exclude_me false, and acknowledges on request', async () => {
    const peer = await RawPeer.join(router.wsUrl);
    peer.send([32, 1, {}, 'observatory.self.feeds.t']);
    await peer.next((m) => m[0] === 33);
    peer.send([16, 2, {}, 'observatory.self.feeds.t', ['excluded']]);
    peer.send([16, 3, { exclude_me: false, acknowledge: true }, 'observatory.self.feeds.t', ['included']]);
    const published = await peer.next((m) => m[0] === 17);
    expect(published[1]).toBe(3);
    expect(Number.isInteger(published[2])).toBe(true);
    const eventsOf = () => peer.received.filter((m) => m[0] === 36);
    const events = await waitFor(() => (eventsOf().length === 1 ? eventsOf() : undefined));
    expect(events[0][4]).toEqual(['included']);
    expect(events[0][2]).toBe(published[2]);
    expect(peer.received.filter((m) => m[0] === 17)).toHaveLength(0);
    peer.close();
  });

  it('answers no_such_subscription for an unknown id and leaves other subscriptions working', async () => {
    const subscriber = await RawPeer.join(router.wsUrl);
    const publisher = await RawPeer.join(router.wsUrl);
    subscriber.send([32, 1, {}, 'observatory.u.feeds.t']);
    const id = (await subscriber.next((m) => m[0] === 33))[2] as number;
    subscriber.send([34, 2, id + 1]);
    expect((await subscriber.next((m) => m[0] === 8)).slice(0, 5)).toEqual([8, 34, 2, {}, 'wamp.error.no_such_subscription']);
    publisher.send([16, 1, {}, 'observatory.u.feeds.t', ['still here']]);
    expect((await subscriber.next((m) => m[0] === 36))[4]).toEqual(['still here']);
    subscriber.send([34, 3, id]);
    expect(await subscriber.next((m) => m[0] === 35)).toEqual([35, 3]);
    subscriber.send([34, 4, id]);
    expect((await subscriber.next((m) => m[0] === 8))[4]).toBe('wamp.error.no_such_subscription');
    for (const p of [subscriber, publisher]) p.close();
  });

  it('shares one subscription id per topic and sends a subscriber one event per subscription', async () => {
    const a = await RawPeer.join(router.wsUrl);
    const b = await RawPeer.join(router.wsUrl);
    a.send([32, 1, {}, 'observatory.shared.feeds.t']);
    a.send([32, 2, {}, 'observatory.shared.feeds.t']);
    b.send([32, 1, {}, 'observatory.shared.feeds.t']);
    const ids = [(await a.next((m) => m[0] === 33))[2], (await a.next((m) => m[0] === 33))[2], (await b.next((m) => m[0] === 33))[2]];
    expect(new Set(ids).size).toBe(1);
    const publisher = await openSession(router.wsUrl);
    publisher.session.publish('observatory.shared.feeds.t', [1], {}, { acknowledge: true });
    await a.next((m) => m[0] === 36);
    await new Promise((r) => setTimeout(r, 100));
    expect(a.received.filter((m) => m[0] === 36)).toHaveLength(0);
    for (const p of [a, b]) p.close();
    await publisher.close();
  });

  it('removes a departed subscriber at once (no events queued for it, subscription count drops)', async () => {
    const before = router.router.broker.subscriptionCount;
    const subscriber = await RawPeer.join(router.wsUrl);
    subscriber.send([32, 1, { match: 'wildcard' }, 'observatory.gone..x']);
    await subscriber.next((m) => m[0] === 33);
    expect(router.router.broker.subscriptionCount).toBe(before + 1);
    subscriber.ws.terminate();
    await waitFor(() => router.router.broker.subscriptionCount === before, 2000, 'cleanup');
  });

  it('delivers events between autobahn-js sessions', async () => {
    const sub = await openSession(router.wsUrl);
    const pub = await openSession(router.wsUrl);
    const got: unknown[] = [];
    await sub.session.subscribe('observatory..feeds.heartbeat', (args, _kwargs, details) => got.push([args, details?.topic]), { match: 'wildcard' });
    pub.session.publish('observatory.x1.feeds.heartbeat', HEARTBEAT);
    await waitFor(() => got.length === 1);
    expect(got[0]).toEqual([HEARTBEAT, 'observatory.x1.feeds.heartbeat']);
    await sub.close();
    await pub.close();
  });
});
