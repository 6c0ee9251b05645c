import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentRow } from '../../../../shared/ipc.js';
import type { OpHistoryRecord } from '../../../../shared/operations.js';
import { OpHistoryRecorder } from '../../../../main/station/op-history-recorder.js';
import { openStationStore, type StationStore } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
const opened: StationStore[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const store of opened.splice(0)) store.close();
  dirs.cleanup();
});

const row = (address: string, opCodes: Record<string, number>, lastHeartbeat: number, patch: Partial<AgentRow> = {}): AgentRow => ({
  address, agentClass: 'Demo', lastHeartbeat, expired: false, timeExpired: null, opCodes, ...patch,
});

function setup(dir = dirs.make()): { store: StationStore; recorder: OpHistoryRecorder; pushed: OpHistoryRecord[][] } {
  const store = openStationStore(dir);
  opened.push(store);
  const pushed: OpHistoryRecord[][] = [];
  const recorder = new OpHistoryRecorder({ store: store.opHistory, publish: (records) => pushed.push(records), now: () => 1_000 });
  return { store, recorder, pushed };
}

describe('OpHistoryRecorder', () => {
  it('records only changes, in one batch per flush window, and pushes the records', () => {
    vi.useFakeTimers();
    const { store, recorder, pushed } = setup();
    const append = vi.spyOn(store.opHistory, 'append');
    for (let t = 0; t < 20; t++) recorder.observe([row('a', { acq: 3, task: t < 10 ? 1 : 2 }, 100 + t), row('b', { x: 1 }, 100 + t)]);
    expect(append).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(append).toHaveBeenCalledTimes(1);
    expect(pushed).toHaveLength(1);
    expect(pushed[0].map((r) => [r.agent, r.op, r.code, r.at, r.status])).toEqual([
      ['a', 'acq', 3, 100, 'running'],
      ['a', 'task', 1, 100, null],
      ['b', 'x', 1, 100, null],
      ['a', 'task', 2, 110, 'starting'],
    ]);
    recorder.close();
  });

  it('dates an expiry by the time it was seen and fills the grid with since-times', () => {
    const { recorder } = setup();
    recorder.observe([row('a', { acq: 3 }, 100)]);
    recorder.observe([row('a', { acq: 7 }, 100, { expired: true, timeExpired: 106 })]);
    recorder.flush();
    expect(recorder.timeline({ from: 90, to: 2_000 })).toEqual({
      from: 90,
      to: 1_000,
      truncated: false,
      strips: [{ agent: 'a', agentClass: 'Demo', op: 'acq', segments: [[100, 106, 3, 1], [106, 1_000, 7, 2]] }],
    });
    expect(recorder.grid([row('a', { acq: 7 }, 100, { expired: true })])).toEqual([{ address: 'a', agentClass: 'Demo', expired: true, ops: { acq: { code: 7, since: 106 } } }]);
    recorder.close();
  });

  it('gives changes the session the station learnt from an op reply', () => {
    const { recorder } = setup();
    recorder.noteSession('a', { session_id: 7, op_name: 'task', op_code: 2, cred_level: 1, status: 'starting', degraded: false, success: null, start_time: 199.5, end_time: null, data: {}, messages: [] });
    recorder.observe([row('a', { task: 2 }, 200)]);
    recorder.flush();
    const [record] = recorder.timeline({ from: 0, to: 300 }).strips[0].segments.map(([, , , id]) => recorder.record(id));
    expect(record).toMatchObject({ sessionId: 7, startedAt: 199.5, endedAt: null, status: 'starting', code: 2 });
    recorder.close();
  });

  it('after a restart adds no row for an unchanged op', () => {
    const dir = dirs.make();
    const first = setup(dir);
    first.recorder.observe([row('a', { acq: 3, task: 5 }, 100)]);
    first.recorder.close();
    first.store.close();
    const second = setup(dir);
    second.recorder.observe([row('a', { acq: 3, task: 1 }, 500)]);
    second.recorder.flush();
    expect(second.pushed.flat().map((r) => [r.op, r.code, r.at])).toEqual([['task', 1, 500]]);
    second.recorder.close();
  });
});
