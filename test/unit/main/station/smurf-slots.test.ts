import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SmurfSlot } from '../../../../shared/smurf.js';
import type { AgentApi } from '../../../../main/ocs/client-api.js';
import { SmurfSlotsView } from '../../../../main/station/smurf-slots.js';

function heartbeat(address: string, opCodes: Record<string, number>, agentClass = 'PysmurfController'): unknown[] {
  return [[opCodes, { agent_address: address, agent_class: agentClass, feed_name: 'heartbeat' }]];
}

function controllerApi(streamId: string, running: string | null): AgentApi {
  const check = { op_name: 'check_state', status: 'running', start_time: 1, end_time: null, data: { stream_id: streamId, open_g3stream: 0 }, messages: [] };
  const run = running ? { op_name: running, status: 'running', start_time: 5, end_time: null, data: {}, messages: [] } : { op_name: 'run', status: 'no_history' };
  return { agent_class: 'PysmurfController', feeds: [], tasks: [[run.op_name, run, {}]], processes: [['check_state', check, {}]] };
}

describe('SmurfSlotsView', () => {
  let pushed: SmurfSlot[][];
  let calls: string[];
  let running: string | null;
  let view: SmurfSlotsView;

  beforeEach(() => {
    vi.useFakeTimers();
    pushed = [];
    calls = [];
    running = null;
    view = new SmurfSlotsView({
      getApi: async (address) => (calls.push(address), controllerApi(`stream-${address.split('.')[1]}`, running)),
      onSlots: (slots) => pushed.push(slots),
      expireS: 5,
      pollMs: 2000,
      flushMs: 50,
    });
  });
  afterEach(() => {
    view.close();
    vi.useRealTimers();
  });

  it('lists controllers only, with their stream id from check_state once read', async () => {
    view.onHeartbeat(heartbeat('observatory.pysmurf-controller-c1s2', { check_state: 3, run: 0 }));
    view.onHeartbeat(heartbeat('observatory.demo-thermo', { acq: 3 }, 'DemoThermometry'));
    view.onHeartbeat([0]);
    expect(view.snapshot()).toEqual([
      expect.objectContaining({ address: 'observatory.pysmurf-controller-c1s2', instanceId: 'pysmurf-controller-c1s2', crate: 1, slot: 2, expired: false }),
    ]);
    await vi.advanceTimersByTimeAsync(60);
    expect(calls).toEqual(['observatory.pysmurf-controller-c1s2']);
    expect(view.snapshot()[0]).toMatchObject({ streamId: 'stream-pysmurf-controller-c1s2', streamOn: false, currentOp: null });
    expect(pushed.flat().at(-1)?.streamId).toBe('stream-pysmurf-controller-c1s2');
  });

  it('re-reads the sessions when the op codes change and every poll interval', async () => {
    const address = 'observatory.pysmurf-controller-c1s3';
    view.onHeartbeat(heartbeat(address, { check_state: 3, run: 0 }));
    await vi.advanceTimersByTimeAsync(10);
    running = 'run';
    view.onHeartbeat(heartbeat(address, { check_state: 3, run: 3 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(2);
    expect(view.snapshot()[0].currentOp).toEqual({ name: 'run', startedAt: 5 });
    view.onHeartbeat(heartbeat(address, { check_state: 3, run: 3 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(2);
    // Polls are checked on a 500 ms tick: the next read comes within pollMs + 500 ms.
    await vi.advanceTimersByTimeAsync(2500);
    expect(calls).toHaveLength(3);
  });

  it('expires a silent controller and stops polling it; its next heartbeat revives it', async () => {
    const address = 'observatory.pysmurf-controller-c1s4';
    view.onHeartbeat(heartbeat(address, { check_state: 3 }));
    await vi.advanceTimersByTimeAsync(5600);
    expect(view.snapshot()[0].expired).toBe(true);
    expect(pushed.flat().at(-1)).toMatchObject({ address, expired: true });
    const polls = calls.length;
    await vi.advanceTimersByTimeAsync(6000);
    expect(calls).toHaveLength(polls);
    view.onHeartbeat(heartbeat(address, { check_state: 3 }));
    expect(view.snapshot()[0].expired).toBe(false);
  });

  it('keeps the last state when a controller cannot answer', async () => {
    const failing = new SmurfSlotsView({ getApi: () => Promise.reject(new Error('gone')), onSlots: () => {}, flushMs: 10 });
    failing.onHeartbeat(heartbeat('observatory.pysmurf-controller-c2s5', {}));
    await vi.advanceTimersByTimeAsync(3000);
    expect(failing.snapshot()[0]).toMatchObject({ streamId: 'pysmurf-controller-c2s5', crate: 2, slot: 5, currentOp: null });
    failing.close();
  });

  it('notes alive managers and monitors for smurf:info', async () => {
    view.onHeartbeat(heartbeat('observatory.multismurf', {}, 'MultiSmurfManager'));
    view.onHeartbeat(heartbeat('observatory.pysmurf-monitor', {}, 'PysmurfMonitor'));
    expect(view.aliveAddressOf('MultiSmurfManager')).toBe('observatory.multismurf');
    expect(view.aliveAddressOf('PysmurfMonitor')).toBe('observatory.pysmurf-monitor');
    expect(view.snapshot()).toEqual([]);
    await vi.advanceTimersByTimeAsync(6000);
    expect(view.aliveAddressOf('MultiSmurfManager')).toBeNull();
  });
});
