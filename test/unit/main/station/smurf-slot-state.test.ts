import { describe, expect, it } from 'vitest';
import type { AgentApi } from '../../../../main/ocs/client-api.js';
import { crateSlotFromInstanceId, slotStateFromApi } from '../../../../main/station/smurf-slot-state.js';

const NO_HISTORY = (name: string) => ({ op_name: name, status: 'no_history' });

function session(name: string, fields: Record<string, unknown>) {
  return { session_id: 1, op_name: name, op_code: 2, status: 'running', success: null, start_time: 100, end_time: null, data: {}, messages: [], ...fields };
}

function api(tasks: Array<Record<string, unknown>>, processes: Array<Record<string, unknown>>): AgentApi {
  return {
    agent_class: 'PysmurfController',
    feeds: [],
    tasks: tasks.map((s) => [s.op_name as string, s, { op_type: 'task' }]),
    processes: processes.map((s) => [s.op_name as string, s, { op_type: 'process' }]),
  };
}

describe('crateSlotFromInstanceId', () => {
  it('reads crate and slot from the site naming, nulls otherwise', () => {
    expect(crateSlotFromInstanceId('pysmurf-controller-c1s2')).toEqual({ crate: 1, slot: 2 });
    expect(crateSlotFromInstanceId('pysmurf-controller-c12s7')).toEqual({ crate: 12, slot: 7 });
    expect(crateSlotFromInstanceId('pysmurf')).toEqual({ crate: null, slot: null });
  });
});

describe('slotStateFromApi', () => {
  it('falls back to the instance id and nulls for a controller that never ran anything', () => {
    const state = slotStateFromApi(api([NO_HISTORY('run'), NO_HISTORY('take_iv')], [NO_HISTORY('check_state'), NO_HISTORY('stream')]), 'pysmurf-controller-c1s3');
    expect(state).toEqual({ streamId: 'pysmurf-controller-c1s3', streamOn: null, crate: 1, slot: 3, currentOp: null, lastResult: null });
  });

  it('takes stream id and stream state from check_state, crate/slot from its data when given', () => {
    const check = session('check_state', { data: { stream_id: 'crate1slot2', open_g3stream: 1, crate: 4, slot: 6 } });
    const state = slotStateFromApi(api([], [check, NO_HISTORY('stream')]), 'pysmurf-controller-c1s2');
    expect(state).toMatchObject({ streamId: 'crate1slot2', streamOn: true, crate: 4, slot: 6, currentOp: null });
  });

  it("prefers the stream op's own stream_on flag", () => {
    const check = session('check_state', { data: { stream_id: 's', open_g3stream: 0 } });
    const stream = session('stream', { status: 'running', start_time: 50, data: { stream_on: true } });
    expect(slotStateFromApi(api([], [check, stream]), 'x').streamOn).toBe(true);
  });

  it('reports the newest running op (not check_state) and the latest finished one with its last message', () => {
    const check = session('check_state', { status: 'running', start_time: 500, data: { stream_id: 's' } });
    const noise = session('take_noise', { status: 'done', success: true, start_time: 10, end_time: 40, messages: [[10, 'start'], [40, 'Finished taking noise']] });
    const iv = session('take_iv', { status: 'done', success: false, start_time: 41, end_time: 60, messages: [[60, 'Script has finished with exit code 1'], [60, 'Status is now "done".']] });
    const run = session('run', { status: 'running', start_time: 70 });
    const state = slotStateFromApi(api([noise, iv, run], [check]), 'x');
    expect(state.currentOp).toEqual({ name: 'run', startedAt: 70 });
    expect(state.lastResult).toEqual({ op: 'take_iv', success: false, message: 'Script has finished with exit code 1', endedAt: 60 });
  });
});
