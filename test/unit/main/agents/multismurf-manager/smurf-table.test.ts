import { describe, expect, it } from 'vitest';
import { SmurfTable, crateSlotFromId } from '../../../../../main/agents/multismurf-manager/smurf-table.js';
import type { AgentApi } from '../../../../../main/ocs/client-api.js';
import { silentLogger } from '../../../../../main/ocs/logger.js';

function heartbeat(address: string, agentClass = 'PysmurfController', codes: Record<string, number> = { check_state: 3 }): unknown[] {
  return [[codes, { agent_address: address, agent_class: agentClass, feed_name: 'heartbeat' }]];
}

function api(streamId: string | null, messages = 1): AgentApi {
  const session = {
    session_id: 0,
    op_name: 'check_state',
    status: 'running',
    data: streamId ? { stream_id: streamId, crate: 7, slot: 6 } : {},
    messages: Array.from({ length: messages }, (_, i) => [i, `m${i}`]),
  };
  return {
    agent_class: 'PysmurfController',
    feeds: [],
    tasks: [
      ['run', { op_name: 'run', status: 'no_history' }, { op_type: 'task', abortable: false }],
      ['take_iv', { op_name: 'take_iv', status: 'no_history' }, { op_type: 'task', abortable: true }],
    ],
    processes: [['check_state', session, { op_type: 'process' }]],
  };
}

function makeTable(answer: (address: string) => Promise<AgentApi>) {
  const clock = { t: 1000 };
  const calls: string[] = [];
  const table = new SmurfTable({
    expireS: 20,
    refreshIntervalMs: 10_000,
    getApi: (address) => (calls.push(address), answer(address)),
    logger: silentLogger,
    now: () => clock.t,
  });
  return { table, clock, calls };
}

describe('SmurfTable', () => {
  it('tracks only PysmurfControllers and takes the stream id from check_state', async () => {
    const { table, calls } = makeTable(async () => api('crate1slot2', 12));
    table.onHeartbeat(heartbeat('observatory.other', 'FakeDataAgent'));
    table.onHeartbeat(['garbage']);
    table.onHeartbeat(heartbeat('observatory.pysmurf-controller-c1s2'));
    expect(Object.keys(table.data)).toEqual(['observatory.pysmurf-controller-c1s2']);
    await table.refresh('observatory.pysmurf-controller-c1s2');
    const info = table.data['observatory.pysmurf-controller-c1s2'];
    expect(info).toMatchObject({ stream_id: 'crate1slot2', stream_id_source: 'check_state', crate: 7, slot: 6, expired: false, op_codes: { check_state: 3 } });
    expect(info.sessions.check_state.messages).toHaveLength(5);
    expect(info.sessions.run).toBeUndefined();
    expect(table.opInfo('observatory.pysmurf-controller-c1s2', 'take_iv')).toEqual({ kind: 'task', abortable: true });
    expect(table.opInfo('observatory.pysmurf-controller-c1s2', 'check_state')).toEqual({ kind: 'process', abortable: false });
    expect(calls.length).toBeGreaterThanOrEqual(1);
  });

  it('falls back to the instance id (and crate/slot from the name) when check_state has no stream id', async () => {
    const { table } = makeTable(async () => api(null));
    table.onHeartbeat(heartbeat('observatory.pysmurf-controller-c2s7'));
    await table.refresh('observatory.pysmurf-controller-c2s7');
    expect(table.data['observatory.pysmurf-controller-c2s7']).toMatchObject({ stream_id: 'pysmurf-controller-c2s7', stream_id_source: 'instance_id', crate: 2, slot: 7 });
  });

  it('expires a controller after expireS without heartbeat and revives it on the next one', () => {
    const { table, clock } = makeTable(async () => api('s'));
    table.onHeartbeat(heartbeat('observatory.c1s2'));
    clock.t += 20;
    table.tick();
    expect(table.data['observatory.c1s2'].expired).toBe(false);
    clock.t += 0.5;
    table.tick();
    expect(table.data['observatory.c1s2'].expired).toBe(true);
    expect(table.isExpired('observatory.c1s2')).toBe(true);
    expect(table.silentFor('observatory.c1s2')).toBeCloseTo(20.5);
    table.onHeartbeat(heartbeat('observatory.c1s2'));
    expect(table.data['observatory.c1s2'].expired).toBe(false);
    expect(table.isExpired('observatory.unknown')).toBe(true);
  });

  it('never runs two get_api calls for one controller at once, and keeps going when one fails', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let fail = true;
    const { table, calls } = makeTable(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      if (fail) throw new Error('boom');
      return api('crate1slot9');
    });
    table.onHeartbeat(heartbeat('observatory.c1s9', 'PysmurfController', { a: 1 }));
    table.onHeartbeat(heartbeat('observatory.c1s9', 'PysmurfController', { a: 2 }));
    table.onHeartbeat(heartbeat('observatory.c1s9', 'PysmurfController', { a: 3 }));
    await table.refresh('observatory.c1s9');
    expect(maxInFlight).toBe(1);
    expect(table.data['observatory.c1s9'].last_api_refresh).toBeNull();
    fail = false;
    await new Promise((r) => setTimeout(r, 60));
    await table.refresh('observatory.c1s9');
    expect(table.data['observatory.c1s9'].stream_id).toBe('crate1slot9');
    expect(calls.length).toBeGreaterThanOrEqual(3);
  });

  it('parses crate and slot from the site naming convention only', () => {
    expect(crateSlotFromId('pysmurf-controller-c1s2')).toEqual([1, 2]);
    expect(crateSlotFromId('pysmurf-controller-s2')).toEqual([null, null]);
  });
});
