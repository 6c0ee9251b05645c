import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore, STORE_FILE_NAME, type NewStfSample, type StoreChange } from '../../../../main/store/index.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, userVersion } from '../../../../main/store/migrations.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const T0 = 1_780_000_000_000;
let now = T0;
const open = (dir = dirs.make()) => openStationStore(dir, { clock: () => now });
const AGENT = 'fastmon-agent-alice-3';

const stfName = (runNumber: number, sequence: number) => `swf.${runNumber}.${String(sequence).padStart(6, '0')}.stf`;

/** A sample of `count` TFs of 10 time frames each from STF `sequence` of `runNumber`. */
function sample(runNumber = 100010, sequence = 1, count = 7, overrides: Partial<NewStfSample['stf']> = {}): NewStfSample {
  const filename = stfName(runNumber, sequence);
  return {
    stf: { filename, runNumber, executionId: 'fast_processing-alice-0001', namespace: 'ns1', sizeBytes: 70_000, sequence, ...overrides },
    tfs: Array.from({ length: count }, (_, i) => ({
      tfFilename: `${filename.replace(/\.stf$/, '')}.tf${i}.tf`, sequenceNumber: i, tfFirst: i * 10, tfLast: i * 10 + 9, tfCount: 10, sizeBytes: 1000 + i, metadata: { i, source: 'sim' },
    })),
    agentName: AGENT,
  };
}

describe('fastmon TF files', () => {
  it('records a 7-TF sample and registers the STF file when missing', () => {
    now = T0;
    const store = open();
    const result = store.testbed.recordStfSample(sample());
    expect(result.existing).toBe(0);
    expect(result.inserted).toHaveLength(7);
    expect(result.inserted[6]).toEqual({
      id: 7, tfFilename: 'swf.100010.000001.tf6.tf', stfFilename: 'swf.100010.000001.stf', runNumber: 100010, executionId: 'fast_processing-alice-0001', namespace: 'ns1',
      sequenceNumber: 6, tfFirst: 60, tfLast: 69, tfCount: 10, sizeBytes: 1006, status: 'registered', agentName: AGENT, metadata: { i: 6, source: 'sim' }, createdAt: T0,
    });
    expect(store.testbed.getStfFile('swf.100010.000001.stf')).toMatchObject({ runNumber: 100010, sequence: 1, sizeBytes: 70_000, status: 'registered', createdBy: AGENT, createdAt: T0 });
    expect(store.testbed.listTfFiles()).toEqual(result.inserted);
    store.close();
  });

  it('keeps an STF registration already there, and parses the sequence from the name when not given', () => {
    const store = open();
    const registered = store.testbed.addStfFile({ filename: stfName(100010, 1), runNumber: 100010, executionId: 'e', sequence: 1, state: 'run', substate: 'physics', createdBy: 'data-agent-alice-2' });
    store.testbed.recordStfSample(sample());
    expect(store.testbed.getStfFile(stfName(100010, 1))).toEqual(registered);
    store.testbed.recordStfSample(sample(100010, 42, 2, { sequence: null }));
    store.testbed.recordStfSample(sample(100010, 1, 1, { filename: 'odd-name.stf', sequence: null }));
    expect(store.testbed.getStfFile(stfName(100010, 42))?.sequence).toBe(42);
    expect(store.testbed.getStfFile('odd-name.stf')?.sequence).toBe(0);
    expect(store.testbed.countStfFiles()).toBe(3);
    store.close();
  });

  it('re-recording the same sample inserts nothing and reports all as existing', () => {
    const store = open();
    const events: StoreChange[] = [];
    store.onChange((event) => events.push(event));
    const first = store.testbed.recordStfSample(sample());
    expect(store.testbed.recordStfSample(sample())).toEqual({ inserted: [], existing: 7 });
    // A partly new sample inserts only the new TF.
    const wider = sample(100010, 1, 8);
    const partly = store.testbed.recordStfSample(wider);
    expect(partly).toMatchObject({ inserted: [{ tfFilename: 'swf.100010.000001.tf7.tf' }], existing: 7 });
    // Ids only grow (a skipped conflicting insert may use one up with AUTOINCREMENT), so following by afterId stays right.
    expect(store.testbed.listTfFiles({ afterId: 7 })).toEqual(partly.inserted);
    expect(store.testbed.countTfFiles()).toBe(8);
    expect(store.testbed.countStfFiles()).toBe(1);
    expect(events).toEqual([
      { kind: 'testbed-fastmon-tf', records: first.inserted },
      { kind: 'testbed-fastmon-tf', records: partly.inserted },
    ]);
    store.close();
  });

  it('refuses bad input naming the field, writing nothing', () => {
    const store = open();
    const bad = (mutate: (s: NewStfSample) => void) => {
      const s = sample();
      mutate(s);
      return () => store.testbed.recordStfSample(s);
    };
    expect(bad((s) => (s.agentName = ''))).toThrow('fastmon STF sample: "agentName" must be a non-empty string');
    expect(bad((s) => (s.stf.filename = ''))).toThrow('"stf.filename" must be a non-empty string');
    expect(bad((s) => (s.stf.runNumber = 0))).toThrow('"stf.runNumber" must be an integer ≥ 1');
    expect(bad((s) => (s.stf.sizeBytes = -1))).toThrow('"stf.sizeBytes" must be an integer ≥ 0');
    expect(bad((s) => (s.tfs = []))).toThrow('"tfs" must be a non-empty array');
    // The last TF is bad: the six good ones before it must not land either.
    expect(bad((s) => (s.tfs[6]!.tfCount = 9))).toThrow('"tfs[6].tfCount" must be tfLast − tfFirst + 1 = 10 (got 9)');
    expect(bad((s) => (s.tfs[6]!.tfLast = 1))).toThrow('"tfs[6].tfLast" (1) must be ≥ "tfs[6].tfFirst" (60)');
    expect(bad((s) => (s.tfs[6]!.tfFilename = s.tfs[0]!.tfFilename))).toThrow('"tfs[6].tfFilename" repeats');
    expect(bad((s) => (s.tfs[6]!.metadata = null as unknown as object))).toThrow('"tfs[6].metadata" must be a JSON object');
    expect(bad((s) => (s.tfs[3]!.sequenceNumber = 1.5))).toThrow('"tfs[3].sequenceNumber" must be an integer ≥ 0');
    expect(store.testbed.countTfFiles()).toBe(0);
    expect(store.testbed.countStfFiles()).toBe(0);
    store.close();
  });

  it('rolls the whole sample back when a row fails inside the transaction', () => {
    const dir = dirs.make();
    const store = open(dir);
    // A trigger stands in for a failure after some rows were written (the checks stop everything else earlier).
    const db = new Database(join(dir, STORE_FILE_NAME));
    db.exec(`CREATE TRIGGER fail_tf5 BEFORE INSERT ON fastmon_tf_files WHEN NEW.tf_filename LIKE '%.tf5.tf' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    db.close();
    expect(() => store.testbed.recordStfSample(sample())).toThrow('disk on fire');
    expect(store.testbed.countTfFiles()).toBe(0);
    expect(store.testbed.countStfFiles()).toBe(0);
    store.close();
  });

  it('lists by run, STF and execution, after an id, newest, with counts', () => {
    const store = open();
    store.testbed.recordStfSample(sample(100010, 1, 3));
    store.testbed.recordStfSample(sample(100010, 2, 3));
    store.testbed.recordStfSample(sample(100011, 1, 2, { executionId: 'other-0002' }));
    expect(store.testbed.listTfFiles({ runNumber: 100010 }).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.testbed.listTfFiles({ stfFilename: stfName(100010, 2) }).map((r) => r.id)).toEqual([4, 5, 6]);
    expect(store.testbed.listTfFiles({ executionId: 'other-0002' }).map((r) => r.id)).toEqual([7, 8]);
    expect(store.testbed.listTfFiles({ afterId: 5, limit: 2 }).map((r) => r.id)).toEqual([6, 7]);
    expect(store.testbed.listTfFiles({ limit: 3, newest: true }).map((r) => r.id)).toEqual([6, 7, 8]);
    expect(store.testbed.countTfFiles({ runNumber: 100010 })).toBe(6);
    expect(store.testbed.countTfFiles({ afterId: 6 })).toBe(2);
    store.close();
  });

  it('summarises per run: STFs seen and sampled, TF rows, time frames, sizes, times', () => {
    now = T0;
    const store = open();
    // Run 100010: three STFs registered by the data agent, two sampled.
    for (const seq of [1, 2, 3]) store.testbed.addStfFile({ filename: stfName(100010, seq), runNumber: 100010, executionId: 'fast_processing-alice-0001', sequence: seq, state: null, substate: null, createdBy: 'data' });
    store.testbed.recordStfSample(sample(100010, 1, 7));
    now = T0 + 500;
    store.testbed.recordStfSample(sample(100010, 2, 3));
    // Run 100011 of another execution and namespace, sizes unknown.
    const unknown = sample(100011, 1, 2, { executionId: 'other-0002', namespace: 'ns2' });
    unknown.tfs.forEach((tf) => (tf.sizeBytes = null));
    store.testbed.recordStfSample(unknown);

    const run10 = {
      runNumber: 100010, executionId: 'fast_processing-alice-0001', stfsSeen: 3, stfsSampled: 2, tfFiles: 10, tfCount: 100,
      sizeBytes: 7 * 1000 + 21 + 3 * 1000 + 3, firstAt: T0, lastAt: T0 + 500,
    };
    const run11 = { runNumber: 100011, executionId: 'other-0002', stfsSeen: 1, stfsSampled: 1, tfFiles: 2, tfCount: 20, sizeBytes: null, firstAt: T0 + 500, lastAt: T0 + 500 };
    expect(store.testbed.fastmonRunSummaries()).toEqual([run11, run10]);
    expect(store.testbed.fastmonRunSummaries({ executionId: 'fast_processing-alice-0001' })).toEqual([run10]);
    expect(store.testbed.fastmonRunSummaries({ namespace: 'ns2' })).toEqual([run11]);
    expect(store.testbed.fastmonRunSummaries({ limit: 1 })).toEqual([run11]);
    store.close();
  });

  it('keeps the watcher ledger across reopening', () => {
    const dir = dirs.make();
    now = T0;
    let store = open(dir);
    expect(store.testbed.wasFileSeen('/data/swf.100010.000001.stf')).toBe(false);
    store.testbed.markFileSeen('/data/swf.100010.000001.stf', { sizeBytes: 70_000, mtimeMs: T0 - 0.25, outcome: 'sampled' });
    store.testbed.markFileSeen('/data/swf.100010.000001.stf', { sizeBytes: 70_000, mtimeMs: T0, outcome: 'sampled-again' });
    expect(() => store.testbed.markFileSeen('/data/x', { sizeBytes: null, mtimeMs: null, outcome: '' })).toThrow('fastmon seen file: "outcome" must be a non-empty string');
    expect(() => store.testbed.markFileSeen('', { sizeBytes: null, mtimeMs: null, outcome: 'x' })).toThrow('"path" must be a non-empty string');
    store.close();
    store = open(dir);
    expect(store.testbed.wasFileSeen('/data/swf.100010.000001.stf')).toBe(true);
    expect(store.testbed.wasFileSeen('/data/x')).toBe(false);
    store.close();
    const db = new Database(join(dir, STORE_FILE_NAME), { readonly: true });
    expect(db.prepare('SELECT * FROM fastmon_seen_files').all()).toEqual([{ path: '/data/swf.100010.000001.stf', size_bytes: 70_000, mtime_ms: T0, outcome: 'sampled-again', seen_at: T0 }]);
    db.close();
  });
});

describe('fastmon migration', () => {
  it('is version 3 and upgrades a version-2 file, keeping its rows', () => {
    expect(MIGRATIONS[2]).toMatchObject({ version: 3 });
    const dir = dirs.make();
    const file = join(dir, STORE_FILE_NAME);
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    expect(migrate(old, file, MIGRATIONS.slice(0, 2))).toEqual([1, 2]);
    old.prepare(`INSERT INTO testbed_stf_files (filename, run_number, sequence, status, created_by, created_at) VALUES ('swf.100010.000001.stf', 100010, 1, 'registered', 'data', ${T0})`).run();
    old.close();

    const store = open(dir);
    expect(store.testbed.recordStfSample(sample())).toMatchObject({ existing: 0, inserted: { length: 7 } });
    expect(store.testbed.fastmonRunSummaries()).toMatchObject([{ runNumber: 100010, stfsSeen: 1, stfsSampled: 1, tfFiles: 7 }]);
    store.close();
    const db = new Database(file, { readonly: true });
    expect(userVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
