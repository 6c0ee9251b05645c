import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const T0 = 1_780_000_000_000;
let now = T0;
const open = () => openStationStore(dirs.make(), { clock: () => now });
const stf = (sequence: number, runNumber = 100010, executionId: string | null = 'e-1') => ({
  filename: `swf.${runNumber}.${String(sequence).padStart(6, '0')}.stf`, runNumber, executionId, sequence, state: 'run', substate: 'physics', createdBy: 'data-agent-alice-2',
});

describe('testbed STF files', () => {
  it('registers a file at the store clock and marks it processed', () => {
    now = T0;
    const store = open();
    const added = store.testbed.addStfFile({ ...stf(1), sizeBytes: 1024 });
    expect(added).toEqual({
      id: 1, ...stf(1), sizeBytes: 1024, status: 'registered', createdAt: T0, processedBy: null, processedAt: null,
    });
    now = T0 + 100;
    expect(store.testbed.markStfProcessed(added.filename, 'data-agent-alice-2')).toEqual({ ...added, status: 'processed', processedBy: 'data-agent-alice-2', processedAt: T0 + 100 });
    expect(store.testbed.getStfFile(added.filename)?.status).toBe('processed');
    expect(store.testbed.getStfFile('swf.1.000001.stf')).toBeNull();
    store.close();
  });

  it('keeps the first registration of a filename (a redelivered stf_gen)', () => {
    const store = open();
    const first = store.testbed.addStfFile(stf(1));
    const again = store.testbed.addStfFile({ ...stf(1), createdBy: 'other-agent', sizeBytes: 5, createdAt: T0 + 9999 });
    expect(again).toEqual(first);
    expect(store.testbed.countStfFiles()).toBe(1);
    store.close();
  });

  it('refuses marking an unknown file, and bad fields by name', () => {
    const store = open();
    expect(() => store.testbed.markStfProcessed('swf.100010.000009.stf', 'x')).toThrow('testbed STF file "swf.100010.000009.stf" is not registered');
    expect(() => store.testbed.addStfFile({ ...stf(1), sequence: 1.5 })).toThrow('testbed STF file: "sequence" must be an integer ≥ 0');
    expect(() => store.testbed.addStfFile({ ...stf(1), filename: '' })).toThrow('"filename" must be a non-empty string');
    expect(() => store.testbed.addStfFile({ ...stf(1), runNumber: '100010' as unknown as number })).toThrow('"runNumber" must be an integer ≥ 1');
    expect(store.testbed.countStfFiles()).toBe(0);
    store.close();
  });

  it('lists newest first by run or execution, with counts and a limit', () => {
    const store = open();
    for (const seq of [1, 2, 3]) store.testbed.addStfFile(stf(seq));
    store.testbed.addStfFile(stf(1, 100011, 'e-2'));
    expect(store.testbed.listStfFiles({ runNumber: 100010 }).map((f) => f.sequence)).toEqual([3, 2, 1]);
    expect(store.testbed.listStfFiles({ executionId: 'e-2' }).map((f) => f.filename)).toEqual(['swf.100011.000001.stf']);
    expect(store.testbed.listStfFiles({ limit: 2 })).toHaveLength(2);
    expect(store.testbed.countStfFiles({ runNumber: 100010 })).toBe(3);
    expect(store.testbed.countStfFiles()).toBe(4);
    store.close();
  });
});
