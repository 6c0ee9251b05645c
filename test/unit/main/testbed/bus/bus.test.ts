// The parts of the bus that need no broker: config checks, topic mapping, the outage queue.
import { describe, expect, it } from 'vitest';
import { createTestbedBus, wampTopicFor, type TestbedBusConfig } from '../../../../../main/testbed/bus/index.js';
import { OutboundBuffer } from '../../../../../main/testbed/bus/outbound-buffer.js';

describe('createTestbedBus', () => {
  it('builds either adapter, disconnected until connect()', () => {
    expect(createTestbedBus({ kind: 'stomp', host: '127.0.0.1', port: 61613 }).state).toBe('disconnected');
    expect(createTestbedBus({ kind: 'wamp', url: 'ws://127.0.0.1:8001/ws', realm: 'test_realm' }).state).toBe('disconnected');
  });

  it('refuses bad configs with a clear error', () => {
    expect(() => createTestbedBus({ kind: 'amqp' } as unknown as TestbedBusConfig)).toThrow(`unknown testbed bus kind "amqp": expected 'stomp' or 'wamp'`);
    expect(() => createTestbedBus({ kind: 'stomp', host: '127.0.0.1', port: 0 })).toThrow('stomp bus: invalid port 0');
    expect(() => createTestbedBus({ kind: 'stomp', host: '', port: 61613 })).toThrow('stomp bus: host is required');
    expect(() => createTestbedBus({ kind: 'wamp', url: 'http://x/ws', realm: 'r' })).toThrow(/url must start with ws:\/\//);
    expect(() => createTestbedBus({ kind: 'wamp', url: 'ws://x/ws', realm: '' })).toThrow('wamp bus: realm is required');
    expect(() => createTestbedBus({ kind: 'wamp', url: 'ws://x/ws', realm: 'r' }, { maxQueued: -1 })).toThrow('maxQueued must be a non-negative integer, got -1');
  });
});

describe('wampTopicFor', () => {
  it('maps /topic/x and /queue/x under testbed.*', () => {
    expect(wampTopicFor('/topic/epictopic')).toBe('testbed.topic.epictopic');
    expect(wampTopicFor('/queue/workflow_control.torre1')).toBe('testbed.queue.workflow_control.torre1');
  });

  it('refuses destinations that make no valid WAMP URI', () => {
    expect(() => wampTopicFor('/topic/a..b')).toThrow(/empty name component/);
    expect(() => wampTopicFor('/topic/a#b')).toThrow(/'#'/);
    expect(() => wampTopicFor('epictopic')).toThrow(/expected \/queue\/<name> or \/topic\/<name>/);
  });
});

describe('sends while the link is down', () => {
  it('queue up to maxQueued, then reject; close() rejects what waits', async () => {
    const bus = createTestbedBus({ kind: 'wamp', url: 'ws://127.0.0.1:9/ws', realm: 'r' }, { maxQueued: 2 });
    const first = bus.send('/topic/x', { msg_type: 'a' });
    const second = bus.send('/topic/x', { msg_type: 'b' });
    await expect(bus.send('/topic/x', { msg_type: 'c' })).rejects.toThrow(
      'testbed bus: message to /topic/x not sent: not connected to ws://127.0.0.1:9/ws (realm r) and 2 messages are already waiting',
    );
    expect(bus.stats().queued).toBe(2);
    await bus.close();
    await expect(first).rejects.toThrow('message to /topic/x not sent: the bus was closed before the link came back');
    await expect(second).rejects.toThrow('the bus was closed');
    await expect(bus.connect()).rejects.toThrow('is closed');
  });
});

describe('OutboundBuffer', () => {
  it('keeps order, puts back at the head and empties on rejectAll', async () => {
    const buffer = new OutboundBuffer(3);
    const settled: string[] = [];
    const a = buffer.push('/topic/a', '1', 'down').then(() => settled.push('a'));
    buffer.push('/topic/b', '2', 'down').catch((e: Error) => settled.push(e.message));
    const first = buffer.shift()!;
    expect(first.destination).toBe('/topic/a');
    buffer.unshift(first);
    expect(buffer.size).toBe(2);
    buffer.shift()!.resolve();
    await a;
    buffer.rejectAll('closed');
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toEqual(['a', 'testbed bus: message to /topic/b not sent: closed']);
    expect(buffer.size).toBe(0);
  });

  it('with a bound of 0 refuses every send', async () => {
    await expect(new OutboundBuffer(0).push('/queue/q', '{}', 'down')).rejects.toThrow('0 messages are already waiting');
  });
});
