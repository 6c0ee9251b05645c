import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore, type StoreChange } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const T0 = 1_780_000_000_000;
const execution = (executionId: string, namespace = 'torre1', startedAt = T0) => ({
  executionId, workflowName: 'stf_datataking', namespace, configName: 'fast_processing_default', params: { stf_count: 10 }, executedBy: 'alice', startedAt,
});

function open() {
  const store = openStationStore(dirs.make());
  const events: StoreChange[] = [];
  store.onChange((event) => events.push(event));
  return { store, tb: store.testbed, events };
}

describe('testbed executions', () => {
  it('creates a running execution, announces it, and reads it back', () => {
    const { store, tb, events } = open();
    const created = tb.createExecution(execution('stf_datataking-alice-0001'));
    expect(created).toEqual({ ...execution('stf_datataking-alice-0001'), status: 'running', endedAt: null });
    expect(tb.getExecution('stf_datataking-alice-0001')).toEqual(created);
    expect(tb.getExecution('nope')).toBeNull();
    expect(events).toEqual([{ kind: 'testbed-execution', execution: created }]);
    store.close();
  });

  it('refuses a second execution with the same id', () => {
    const { store, tb } = open();
    tb.createExecution(execution('e-1'));
    expect(() => tb.createExecution(execution('e-1'))).toThrow('testbed execution "e-1" already exists');
    store.close();
  });

  it('finishes once: the first outcome stands; an unknown id throws', () => {
    const { store, tb, events } = open();
    tb.createExecution(execution('e-1'));
    expect(tb.finishExecution('e-1', 'terminated', T0 + 5000)).toBe(true);
    expect(tb.finishExecution('e-1', 'completed', T0 + 9000)).toBe(false);
    expect(tb.getExecution('e-1')).toMatchObject({ status: 'terminated', endedAt: T0 + 5000 });
    expect(events.filter((e) => e.kind === 'testbed-execution')).toHaveLength(2);
    expect(() => tb.finishExecution('e-2', 'completed', T0)).toThrow('testbed execution "e-2" does not exist');
    expect(() => tb.finishExecution('e-1', 'running' as 'completed', T0)).toThrow('"status" must be one of completed, failed, terminated');
    store.close();
  });

  it('lists newest first with namespace/status filters, a limit and counts', () => {
    const { store, tb } = open();
    tb.createExecution(execution('a', 'torre1', T0));
    tb.createExecution(execution('b', 'torre2', T0 + 1));
    tb.createExecution(execution('c', 'torre1', T0 + 2));
    tb.finishExecution('a', 'completed', T0 + 10);
    expect(tb.listExecutions().map((e) => e.executionId)).toEqual(['c', 'b', 'a']);
    expect(tb.listExecutions({ namespace: 'torre1' }).map((e) => e.executionId)).toEqual(['c', 'a']);
    expect(tb.listExecutions({ namespace: 'torre1', status: 'running' }).map((e) => e.executionId)).toEqual(['c']);
    expect(tb.listExecutions({ limit: 1 }).map((e) => e.executionId)).toEqual(['c']);
    expect(tb.countExecutions({ status: 'running' })).toBe(2);
    expect(tb.countExecutions()).toBe(3);
    store.close();
  });

  it('refuses bad input naming the field, writing nothing', () => {
    const { store, tb } = open();
    expect(() => tb.createExecution({ ...execution('x'), namespace: '' })).toThrow('testbed execution: "namespace" must be a non-empty string');
    expect(() => tb.createExecution({ ...execution('x'), params: [] as unknown as object })).toThrow('"params" must be a JSON object');
    expect(() => tb.createExecution({ ...execution('x'), startedAt: 1_780_000_000 })).toThrow('looks like Unix seconds');
    expect(tb.countExecutions()).toBe(0);
    store.close();
  });
});

describe('testbed runs', () => {
  it('creates, ends once and counts the run’s STF files', () => {
    const { store, tb, events } = open();
    tb.createExecution(execution('e-1'));
    const run = tb.createRun({ runNumber: 100010, executionId: 'e-1', namespace: 'torre1', startedAt: T0 });
    expect(run).toEqual({ runNumber: 100010, executionId: 'e-1', namespace: 'torre1', startedAt: T0, endedAt: null, totalStfFiles: null, stfFileCount: 0 });
    tb.addStfFile({ filename: 'swf.100010.000001.stf', runNumber: 100010, executionId: 'e-1', sequence: 1, state: 'run', substate: 'physics', createdBy: 'data-agent-alice-2' });
    expect(tb.endRun(100010, { endedAt: T0 + 20_000, totalStfFiles: 1 })).toBe(true);
    expect(tb.endRun(100010, { endedAt: T0 + 30_000, totalStfFiles: 7 })).toBe(false);
    expect(tb.getRun(100010)).toEqual({ ...run, endedAt: T0 + 20_000, totalStfFiles: 1, stfFileCount: 1 });
    expect(events.filter((e) => e.kind === 'testbed-run').map((e) => (e as { run: { endedAt: number | null } }).run.endedAt)).toEqual([null, T0 + 20_000]);
    store.close();
  });

  it('refuses a run of an unknown execution, a duplicate number, and ending an unknown run', () => {
    const { store, tb } = open();
    expect(() => tb.createRun({ runNumber: 100010, executionId: 'nope', namespace: 'ns', startedAt: T0 })).toThrow('testbed run 100010: execution "nope" does not exist');
    tb.createExecution(execution('e-1'));
    tb.createRun({ runNumber: 100010, executionId: 'e-1', namespace: 'torre1', startedAt: T0 });
    expect(() => tb.createRun({ runNumber: 100010, executionId: 'e-1', namespace: 'torre1', startedAt: T0 })).toThrow('testbed run 100010 already exists');
    expect(() => tb.endRun(100099, { endedAt: T0, totalStfFiles: 0 })).toThrow('testbed run 100099 does not exist');
    expect(() => tb.endRun(100010, { endedAt: T0, totalStfFiles: -1 })).toThrow('"totalStfFiles" must be an integer ≥ 0');
    store.close();
  });

  it('lists newest run first, filtered by namespace and execution, with counts', () => {
    const { store, tb } = open();
    tb.createExecution(execution('e-1', 'torre1'));
    tb.createExecution(execution('e-2', 'torre2'));
    tb.createRun({ runNumber: 100010, executionId: 'e-1', namespace: 'torre1', startedAt: T0 });
    tb.createRun({ runNumber: 100011, executionId: 'e-2', namespace: 'torre2', startedAt: T0 });
    tb.createRun({ runNumber: 100012, executionId: 'e-1', namespace: 'torre1', startedAt: T0 });
    expect(tb.listRuns().map((r) => r.runNumber)).toEqual([100012, 100011, 100010]);
    expect(tb.listRuns({ namespace: 'torre1' }).map((r) => r.runNumber)).toEqual([100012, 100010]);
    expect(tb.listRuns({ executionId: 'e-2' }).map((r) => r.runNumber)).toEqual([100011]);
    expect(tb.countRuns({ executionId: 'e-1' })).toBe(2);
    store.close();
  });
});
