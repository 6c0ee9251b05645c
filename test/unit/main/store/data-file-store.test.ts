import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore, type NewDataFileRecord, type StoreChange } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const file = (overrides: Partial<NewDataFileRecord>): NewDataFileRecord => ({
  path: '/data/smurf/17000/crate1slot2/1700000000_take_iv/outputs/1700000001_iv_analyze.npy',
  type: 'iv',
  format: 'npy',
  action: 'take_iv',
  actionTs: '1700000000',
  plot: false,
  pubId: 'crate1slot2',
  timestamp: 1_700_000_001,
  receivedAt: 1_700_000_001.2,
  source: 'data_file',
  ...overrides,
});

describe('DataFileStore', () => {
  it('adds files with ids and lists them newest first', () => {
    const store = openStationStore(dirs.make());
    const a = store.dataFiles.add(file({ timestamp: 10 }));
    const b = store.dataFiles.add(file({ timestamp: 30, plot: true, type: 'plot', format: 'png', path: '/p.png' }));
    const c = store.dataFiles.add(file({ timestamp: 20, source: 'g3_file', type: 'g3', format: 'g3', action: null, actionTs: null, path: '/t.g3' }));
    expect(a.id).toBeGreaterThan(0);
    expect(store.dataFiles.list()).toEqual([b, c, a]);
    expect(store.dataFiles.list()[0]).toEqual({ ...file({ timestamp: 30, plot: true, type: 'plot', format: 'png', path: '/p.png' }), id: b.id });
    expect(store.dataFiles.count()).toBe(3);
    store.close();
  });

  it('filters by publisher, action and source, and limits', () => {
    const store = openStationStore(dirs.make());
    for (let i = 0; i < 12; i++) {
      store.dataFiles.add(file({ pubId: `crate1slot${2 + (i % 3)}`, action: i % 2 ? 'take_iv' : 'take_noise', timestamp: 100 + i, path: `/f${i}` }));
    }
    store.dataFiles.add(file({ pubId: 'STREAMER:crate1slot2', source: 'g3_file', action: null, timestamp: 50, path: '/t.g3' }));
    expect(store.dataFiles.list({ pubId: 'crate1slot2' }).map((f) => f.path)).toEqual(['/f9', '/f6', '/f3', '/f0']);
    expect(store.dataFiles.list({ pubId: 'crate1slot2', action: 'take_iv' }).map((f) => f.path)).toEqual(['/f9', '/f3']);
    expect(store.dataFiles.list({ action: 'take_noise', limit: 2 }).map((f) => f.path)).toEqual(['/f10', '/f8']);
    expect(store.dataFiles.list({ source: 'g3_file' }).map((f) => f.path)).toEqual(['/t.g3']);
    expect(store.dataFiles.list({ pubId: 'nobody' })).toEqual([]);
    store.close();
  });

  it('announces each added file', () => {
    const store = openStationStore(dirs.make());
    const events: StoreChange[] = [];
    store.onChange((event) => events.push(event));
    const added = store.dataFiles.add(file({}));
    expect(events).toEqual([{ kind: 'datafile', file: added }]);
    store.close();
  });

  it('refuses rows with missing or wrong-typed fields, naming the field', () => {
    const store = openStationStore(dirs.make());
    expect(() => store.dataFiles.add(file({ path: '' }))).toThrow(/"path" is empty/);
    expect(() => store.dataFiles.add(file({ timestamp: Infinity }))).toThrow(/"timestamp" must be a finite number/);
    expect(() => store.dataFiles.add(file({ source: 'metadata' as 'data_file' }))).toThrow(/"source" must be data_file or g3_file/);
    expect(store.dataFiles.count()).toBe(0);
    store.close();
  });
});
