import { describe, expect, it } from 'vitest';
import { enforceFieldNameRules, Feed, verifyDataFieldString, verifyMessageDataType, type FeedOwner } from '../../../../main/ocs/feed.js';

function owner() {
  const published: Array<{ topic: string; args: unknown[] }> = [];
  const o: FeedOwner = {
    agentAddress: 'observatory.fake-data1',
    agentSessionId: '1795413356.2151372',
    agentClass: 'FakeDataAgent',
    publish: (topic, args) => published.push({ topic, args: JSON.parse(JSON.stringify(args)) }),
  };
  return { o, published };
}

function clock(start = 100) {
  let t = start;
  return { now: () => t, advance: (s: number) => (t += s) };
}

describe('Feed', () => {
  it('encodes feed_info exactly', () => {
    const { o } = owner();
    const feed = new Feed(o, 'false_temperatures', { record: true, aggParams: { frame_length: 60 } });
    expect(feed.encoded()).toEqual({
      agent_address: 'observatory.fake-data1',
      agg_params: { frame_length: 60 },
      feed_name: 'false_temperatures',
      address: 'observatory.fake-data1.feeds.false_temperatures',
      record: true,
      session_id: '1795413356.2151372',
      agent_class: 'FakeDataAgent',
    });
  });

  it('publishes non-record messages at once as [[message, feed_info]]', () => {
    const { o, published } = owner();
    const feed = new Feed(o, 'heartbeat');
    feed.publishMessage({ acq: 1 });
    expect(published).toEqual([{ topic: 'observatory.fake-data1.feeds.heartbeat', args: [[{ acq: 1 }, feed.encoded()]] }]);
  });

  it('publishes each record message at once when buffer_time is 0', () => {
    const { o, published } = owner();
    const feed = new Feed(o, 'agent_operations', { record: true, aggParams: { frame_length: 60 } });
    feed.publishMessage({ block_name: 'a_acq', timestamp: 1.5, data: { a_acq: 3 } });
    feed.publishMessage({ block_name: 'b_acq', timestamp: 2.5, data: { b_acq: 7 } });
    expect(published.map((p) => (p.args[0] as unknown[])[0])).toEqual([
      { a_acq: { block_name: 'a_acq', data: { a_acq: [3] }, timestamps: [1.5] } },
      { b_acq: { block_name: 'b_acq', data: { b_acq: [7] }, timestamps: [2.5] } },
    ]);
  });

  it('buffers record messages for buffer_time and flushes all non-empty blocks in creation order', () => {
    const { o, published } = owner();
    const c = clock();
    const feed = new Feed(o, 'temps', { record: true, bufferTime: 1 }, c.now);
    feed.publishMessage({ block_name: 'temps', timestamp: 100, data: { channel_00: 0.1, channel_01: 0.2 } });
    c.advance(0.5);
    feed.publishMessage({ block_name: 'other', timestamps: [100.4, 100.5], data: { x: [1, 2] } });
    feed.publishMessage({ block_name: 'temps', timestamp: 100.5, data: { channel_00: 0.3, channel_01: 0.4 } });
    expect(published).toHaveLength(0);
    c.advance(0.6);
    feed.publishMessage({ block_name: 'temps', timestamp: 101.1, data: { channel_00: 0.5, channel_01: 0.6 } });
    expect(published).toHaveLength(1);
    const frame = (published[0].args[0] as unknown[])[0] as Record<string, unknown>;
    expect(Object.keys(frame)).toEqual(['temps', 'other']);
    expect(frame.temps).toEqual({ block_name: 'temps', data: { channel_00: [0.1, 0.3, 0.5], channel_01: [0.2, 0.4, 0.6] }, timestamps: [100, 100.5, 101.1] });
    expect(frame.other).toEqual({ block_name: 'other', data: { x: [1, 2] }, timestamps: [100.4, 100.5] });
    feed.close();
  });

  it('flushes a trailing buffer after buffer_time even without a next message', async () => {
    const { o, published } = owner();
    const feed = new Feed(o, 'temps', { record: true, bufferTime: 0.05 });
    feed.publishMessage({ block_name: 'temps', timestamp: 1, data: { a: 1 } });
    expect(published).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 120));
    expect(published).toHaveLength(1);
  });

  it('rejects a block whose field set changed', () => {
    const { o } = owner();
    const feed = new Feed(o, 'temps', { record: true, bufferTime: 10 });
    feed.publishMessage({ block_name: 'temps', timestamp: 1, data: { a: 1 } });
    expect(() => feed.publishMessage({ block_name: 'temps', timestamp: 2, data: { a: 1, b: 2 } })).toThrow('Block structure does not match: temps');
    feed.close();
  });

  it('rejects invalid data types and field names', () => {
    const { o } = owner();
    const feed = new Feed(o, 'temps', { record: true });
    expect(() => feed.publishMessage({ block_name: 't', timestamp: 1, data: { a: null } })).toThrow("invalid data type: <class 'NoneType'>");
    expect(() => feed.publishMessage({ block_name: 't', timestamp: 1, data: { '1a': 1 } })).toThrow('does not start with a letter');
    expect(() => feed.publishMessage({ block_name: 't', data: { a: 1 } })).toThrow('Invalid message when record=True');
  });
});

describe('field name rules', () => {
  it('verifies like upstream', () => {
    expect(verifyDataFieldString('channel_00')).toBe(true);
    expect(verifyDataFieldString('__a1')).toBe(true);
    expect(() => verifyDataFieldString('')).toThrow('Empty field name');
    expect(() => verifyDataFieldString('a-b')).toThrow("with the invalid character '-'");
    expect(() => verifyDataFieldString('_1a')).toThrow('does not start with a letter');
    expect(() => verifyDataFieldString('a'.repeat(256))).toThrow('exceeds the valid length of 255');
  });

  it('enforces like upstream', () => {
    expect(enforceFieldNameRules('observatory_fake_data1_acq')).toBe('observatory_fake_data1_acq');
    expect(enforceFieldNameRules('')).toBe('invalid_field');
    expect(enforceFieldNameRules('my field!')).toBe('my_field');
    expect(enforceFieldNameRules('__12abc')).toBe('__abc');
    expect(enforceFieldNameRules('9lives')).toBe('lives');
    expect(enforceFieldNameRules('x'.repeat(300))).toHaveLength(255);
  });

  it('checks data value types', () => {
    expect(() => verifyMessageDataType([1, 'a', true])).not.toThrow();
    expect(() => verifyMessageDataType([1, null, {}])).toThrow("message 'data' block contains invalid datatypes: {<class 'NoneType'>, <class 'dict'>}");
  });
});
