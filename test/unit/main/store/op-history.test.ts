import { afterEach, describe, expect, it } from 'vitest';
import { segmentsFrom } from '../../../../shared/operations.js';
import { openStationStore, type NewOpChange, type StationStore } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
const opened: StationStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  dirs.cleanup();
});

function open(dir = dirs.make()): StationStore {
  const store = openStationStore(dir, { onError: (error) => { throw error; } });
  opened.push(store);
  return store;
}

const change = (agent: string, op: string, code: number, at: number, patch: Partial<NewOpChange> = {}): NewOpChange => ({
  agent, agentClass: agent.includes('hwp') ? 'DemoHWPRotation' : 'DemoThermometry', op, code, sessionId: null, status: null, startedAt: null, endedAt: null, at, ...patch,
});

describe('segmentsFrom', () => {
  const p = (id: number, code: number, at: number) => ({ id, code, at });

  it('turns changes into segments, each ended by the next, the last by the window end', () => {
    expect(segmentsFrom(p(1, 1, 50), [p(2, 2, 110), p(3, 3, 111), p(4, 5, 140)], 100, 200)).toEqual([
      [100, 110, 1, 1],
      [110, 111, 2, 2],
      [111, 140, 3, 3],
      [140, 200, 5, 4],
    ]);
  });

  it('extends a segment over a repeated code and drops zero-length ones', () => {
    expect(segmentsFrom(null, [p(1, 3, 110), p(2, 3, 120), p(3, 6, 130), p(4, 5, 130)], 100, 200)).toEqual([
      [110, 130, 3, 1],
      [130, 200, 5, 4],
    ]);
  });

  it('clips to the window: nothing before the first change, nothing after `to`, an empty window gives nothing', () => {
    expect(segmentsFrom(null, [p(1, 3, 150), p(2, 5, 250)], 100, 200)).toEqual([[150, 200, 3, 1]]);
    expect(segmentsFrom(p(1, 3, 10), [], 100, 200)).toEqual([[100, 200, 3, 1]]);
    expect(segmentsFrom(p(1, 3, 10), [], 200, 200)).toEqual([]);
  });
});

describe('OpHistoryStore', () => {
  it('appends a batch with ids, and reads a record back', () => {
    const store = open();
    const records = store.opHistory.append([change('obs.hwp', 'spin_up', 2, 100), change('obs.hwp', 'spin_up', 3, 101)]);
    expect(records.map((r) => r.id)).toEqual([1, 2]);
    expect(store.opHistory.record(2)).toEqual({ ...change('obs.hwp', 'spin_up', 3, 101), id: 2 });
    expect(store.opHistory.record(99)).toBeNull();
    expect(store.opHistory.append([])).toEqual([]);
  });

  it('builds timelines clipped to the window, with the state entering it', () => {
    const store = open();
    store.opHistory.append([
      change('obs.hwp', 'spin_up', 1, 10),
      change('obs.hwp', 'spin_up', 2, 100),
      change('obs.hwp', 'spin_up', 3, 101),
      change('obs.hwp', 'spin_up', 5, 160),
      change('obs.thermo', 'acq', 3, 50),
      change('obs.thermo', 'acq', 7, 300),
    ]);
    const timeline = store.opHistory.timeline({ from: 90, to: 200 });
    expect(timeline).toEqual({
      from: 90,
      to: 200,
      truncated: false,
      strips: [
        { agent: 'obs.hwp', agentClass: 'DemoHWPRotation', op: 'spin_up', segments: [[90, 100, 1, 1], [100, 101, 2, 2], [101, 160, 3, 3], [160, 200, 5, 4]] },
        { agent: 'obs.thermo', agentClass: 'DemoThermometry', op: 'acq', segments: [[90, 200, 3, 5]] },
      ],
    });
    // Before anything was recorded there is nothing to show.
    expect(store.opHistory.timeline({ from: 0, to: 5 }).strips).toEqual([]);
  });

  it('filters by agent class and by agent', () => {
    const store = open();
    store.opHistory.append([change('obs.hwp', 'spin_up', 3, 10), change('obs.hwp', 'brake', 1, 10), change('obs.thermo', 'acq', 3, 10)]);
    const ops = (query: { agentClass?: string; agent?: string }) => store.opHistory.timeline({ from: 0, to: 20, ...query }).strips.map((s) => `${s.agent}.${s.op}`);
    expect(ops({ agentClass: 'DemoThermometry' })).toEqual(['obs.thermo.acq']);
    expect(ops({ agent: 'obs.hwp' })).toEqual(['obs.hwp.brake', 'obs.hwp.spin_up']);
    expect(ops({ agent: 'obs.none' })).toEqual([]);
  });

  it('bounds the result: strips and changes, ending every strip at the last change included', () => {
    const store = open();
    store.opHistory.append([change('a', 'x', 1, 10), change('b', 'x', 1, 10), change('a', 'x', 3, 20), change('b', 'x', 3, 30), change('a', 'x', 5, 40)]);
    const bounded = store.opHistory.timeline({ from: 0, to: 100, maxChanges: 4 });
    expect(bounded.truncated).toBe(true);
    expect(bounded.to).toBe(30);
    expect(bounded.strips.map((s) => s.segments)).toEqual([[[10, 20, 1, 1], [20, 30, 3, 3]], [[10, 30, 1, 2]]]);
    expect(store.opHistory.timeline({ from: 0, to: 100, maxStrips: 1 })).toMatchObject({ truncated: true, strips: [{ agent: 'a' }] });
  });

  it('annotates the rows of a session once the station learns it, not earlier or later sessions', () => {
    const store = open();
    store.opHistory.append([change('h', 'spin', 5, 50), change('h', 'spin', 2, 100), change('h', 'spin', 3, 101), change('h', 'spin', 5, 110), change('h', 'spin', 2, 200)]);
    expect(store.opHistory.annotate('h', 'spin', { sessionId: 4, startedAt: 100.2, endedAt: 109.9 })).toBe(3);
    expect(store.opHistory.changes(0, 300).map((r) => [r.code, r.sessionId, r.startedAt])).toEqual([
      [5, null, null],
      [2, 4, 100.2],
      [3, 4, 100.2],
      [5, 4, 100.2],
      [2, null, null],
    ]);
  });

  it('keeps history across reopening the file, with the newest record per (agent, op)', () => {
    const dir = dirs.make();
    const first = open(dir);
    first.opHistory.append([change('h', 'spin', 2, 100), change('h', 'spin', 6, 105), change('t', 'acq', 3, 101)]);
    const before = first.opHistory.timeline({ from: 50, to: 150 });
    first.close();
    const second = open(dir);
    expect(second.opHistory.timeline({ from: 50, to: 150 })).toEqual(before);
    expect(second.opHistory.latest().map((r) => [r.agent, r.op, r.code]).sort()).toEqual([
      ['h', 'spin', 6],
      ['t', 'acq', 3],
    ]);
  });
});
