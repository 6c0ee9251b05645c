import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentRow, ConnectionState, PushChannel } from '../../../../shared/ipc.js';
import { PushBatcher } from '../../../../main/ipc/push-batcher.js';

function row(address: string, lastHeartbeat: number): AgentRow {
  return { address, agentClass: 'X', lastHeartbeat, expired: false, timeExpired: null, opCodes: {} };
}

function state(status: ConnectionState['status']): ConnectionState {
  return { target: { kind: 'embedded' }, url: 'ws://h/ws', realm: 'r', addressRoot: 'o', status, detail: null };
}

describe('PushBatcher', () => {
  let sent: Array<{ channel: PushChannel; payload: unknown; at: number }>;
  let batcher: PushBatcher;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    batcher = new PushBatcher((channel, payload) => sent.push({ channel, payload, at: Date.now() }), 50);
  });
  afterEach(() => {
    batcher.close();
    vi.useRealTimers();
  });

  it('sends the first push of a quiet channel at once', () => {
    batcher.push('registry:rows', [row('a', 1)]);
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toEqual([row('a', 1)]);
  });

  it('merges pushes within the interval and sends them when it has passed, latest row per address', () => {
    const start = Date.now();
    batcher.push('registry:rows', [row('a', 1)]);
    batcher.push('registry:rows', [row('b', 1)]);
    batcher.push('registry:rows', [row('a', 2), row('c', 1)]);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(49);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    expect(sent[1].at - start).toBe(50);
    // 'a' at 1 went out at once; the batch holds b, then the newer a and c.
    expect(sent[1].payload).toEqual([row('b', 1), row('a', 2), row('c', 1)]);
  });

  it('sends each channel at most once per interval under a steady stream', () => {
    for (let t = 0; t < 1000; t += 5) {
      batcher.push('registry:rows', [row(`a${t % 50}`, t)]);
      batcher.push('connection:state', state(t % 2 ? 'connecting' : 'connected'));
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(100);
    for (const channel of ['registry:rows', 'connection:state'] as const) {
      const times = sent.filter((s) => s.channel === channel).map((s) => s.at);
      expect(times.length).toBeGreaterThanOrEqual(19);
      expect(times.length).toBeLessThanOrEqual(21);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(50);
    }
  });

  it('keeps only the latest connection state of a batch', () => {
    batcher.push('connection:state', state('connecting'));
    batcher.push('connection:state', state('disconnected'));
    batcher.push('connection:state', state('connected'));
    vi.advanceTimersByTime(50);
    expect(sent.map((s) => (s.payload as ConnectionState).status)).toEqual(['connecting', 'connected']);
  });

  it('batches channels independently', () => {
    batcher.push('registry:rows', [row('a', 1)]);
    batcher.push('connection:state', state('connected'));
    expect(sent.map((s) => s.channel)).toEqual(['registry:rows', 'connection:state']);
  });

  it('drops pending pushes on close and ignores later ones', () => {
    batcher.push('registry:rows', [row('a', 1)]);
    batcher.push('registry:rows', [row('b', 1)]);
    batcher.close();
    batcher.push('registry:rows', [row('c', 1)]);
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(1);
  });
});
