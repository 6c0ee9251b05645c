import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentRow } from '../../../../shared/ipc.js';
import { AgentRowsView } from '../../../../main/station/agent-rows.js';

/** A heartbeat event as the wildcard subscription delivers it: args `[[op_codes, feed_info]]`. */
function heartbeat(address: string, opCodes: Record<string, number> | 0, agentClass = 'FakeDataAgent'): unknown[] {
  return [[opCodes, { agent_address: address, agent_class: agentClass, feed_name: 'heartbeat' }]];
}

describe('AgentRowsView', () => {
  let pushed: AgentRow[][];
  let view: AgentRowsView;

  beforeEach(() => {
    vi.useFakeTimers();
    pushed = [];
    view = new AgentRowsView({ onRows: (rows) => pushed.push(rows), flushMs: 20 });
  });
  afterEach(() => {
    view.close();
    vi.useRealTimers();
  });

  it('lists an agent from its first heartbeat, with class and op codes', () => {
    view.onHeartbeat(heartbeat('observatory.a', { acq: 3, task: 1 }));
    expect(view.snapshot()).toEqual([
      { address: 'observatory.a', agentClass: 'FakeDataAgent', lastHeartbeat: Date.now() / 1000, expired: false, timeExpired: null, opCodes: { acq: 3, task: 1 } },
    ]);
  });

  it('collects changes into one push per flush window, one row per agent', () => {
    for (let i = 0; i < 3; i++) {
      view.onHeartbeat(heartbeat('observatory.a', { acq: 3 }));
      view.onHeartbeat(heartbeat('observatory.b', { acq: 3 }));
    }
    expect(pushed).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(pushed).toHaveLength(1);
    expect(pushed[0].map((row) => row.address)).toEqual(['observatory.a', 'observatory.b']);
  });

  it('expires an agent 5 s after its last heartbeat (op codes 7) and un-expires it on the next one', () => {
    view.onHeartbeat(heartbeat('observatory.a', { acq: 3, task: 5 }));
    vi.advanceTimersByTime(4000);
    view.onHeartbeat(heartbeat('observatory.a', { acq: 3, task: 5 }));
    const lastBeat = Date.now();
    vi.advanceTimersByTime(5000);
    expect(view.snapshot()[0].expired).toBe(false);
    pushed = [];
    vi.advanceTimersByTime(30);
    const [row] = view.snapshot();
    expect(row).toMatchObject({ expired: true, opCodes: { acq: 7, task: 7 } });
    expect(row.timeExpired! * 1000 - lastBeat).toBeGreaterThan(5000);
    expect(row.timeExpired! * 1000 - lastBeat).toBeLessThan(5010);
    expect(pushed.flat()).toEqual([row]);

    view.onHeartbeat(heartbeat('observatory.a', { acq: 3, task: 1 }));
    expect(view.snapshot()[0]).toMatchObject({ expired: false, timeExpired: null, opCodes: { acq: 3, task: 1 } });
  });

  it('accepts the bare 0 heartbeat of old agents and ignores malformed events', () => {
    view.onHeartbeat(heartbeat('observatory.old', 0));
    view.onHeartbeat([]);
    view.onHeartbeat(['not a pair']);
    view.onHeartbeat([[{ a: 1 }, null]]);
    view.onHeartbeat([[{ a: 1 }, { agent_address: 42 }]]);
    expect(view.snapshot().map((row) => [row.address, row.opCodes])).toEqual([['observatory.old', {}]]);
  });

  it('forgets everything on clear, and a forgotten agent does not come back as expired', () => {
    view.onHeartbeat(heartbeat('observatory.a', { acq: 3 }));
    vi.advanceTimersByTime(20);
    view.clear();
    pushed = [];
    vi.advanceTimersByTime(10_000);
    expect(view.snapshot()).toEqual([]);
    expect(pushed).toEqual([]);
  });

  it('handles 2,000 agents heartbeating at 1 Hz with a few pushes per second', () => {
    for (let second = 0; second < 3; second++) {
      for (let i = 0; i < 2000; i++) {
        view.onHeartbeat(heartbeat(`observatory.agent${i}`, { acq: 3 }));
        if (i % 100 === 99) vi.advanceTimersByTime(50);
      }
    }
    vi.advanceTimersByTime(20);
    expect(view.size).toBe(2000);
    expect(pushed.length).toBeLessThanOrEqual(3 * 20 + 1);
    expect(pushed.flat()).toHaveLength(3 * 2000);
    expect(view.snapshot().every((row) => !row.expired)).toBe(true);
  });
});
