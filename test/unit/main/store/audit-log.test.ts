import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_MIGRATION } from '../../../../main/store/audit-migration.js';
import { openStationStore, type NewAuditEntry } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const entry = (overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  time: 1_700_000_000_000,
  user: 'alice',
  client: 'desktop',
  action: 'op:start',
  target: 'observatory.demo-thermo acq',
  params: { address: 'observatory.demo-thermo', op: 'acq', params: {} },
  ok: true,
  errorCode: null,
  message: 'Started process acq.',
  result: { status: 0, session: { op_code: 3 } },
  durationMs: 12,
  ...overrides,
});

describe('AuditLog', () => {
  it('is migration 5: the audit_log table with its indexes', () => {
    expect(AUDIT_MIGRATION.version).toBe(5);
    const store = openStationStore(dirs.make());
    store.close();
    const db = new Database(store.path, { readonly: true });
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' ORDER BY name").pluck().all();
    db.close();
    expect(indexes).toEqual(['audit_log_by_action', 'audit_log_by_time']);
  });

  it('appends entries with ids and lists them newest first, exactly as appended', () => {
    const store = openStationStore(dirs.make());
    const a = store.audit.append(entry());
    const b = store.audit.append(entry({ action: 'testbed:run', target: 'testbed workflow (default config)', ok: false, errorCode: 'internal', message: 'no supervisord', result: null, durationMs: 3.6 }));
    expect(a).toEqual({ ...entry(), id: a.id });
    expect(b.id).toBe(a.id + 1);
    expect(b.durationMs).toBe(4);
    expect(store.audit.list()).toEqual([b, a]);
    expect(store.audit.count()).toBe(2);
    store.close();
  });

  it('keeps an error code for every failure and none for a success', () => {
    const store = openStationStore(dirs.make());
    expect(store.audit.append(entry({ ok: false, errorCode: null })).errorCode).toBe('error');
    expect(store.audit.append(entry({ ok: true, errorCode: 'stray' })).errorCode).toBeNull();
    store.close();
  });

  it('filters by action, result, time range and text (target, action, params, message; % and _ literal)', () => {
    const store = openStationStore(dirs.make());
    const start = store.audit.append(entry({ time: 1000 }));
    const run = store.audit.append(entry({ time: 2000, action: 'testbed:run', target: 'testbed workflow', params: { params: { stf_count: 5 } }, ok: false, errorCode: 'internal', message: 'supervisord is not installed', result: null }));
    const save = store.audit.append(entry({ time: 3000, action: 'testbed:config:save', target: 'testbed config my_100%', params: { name: 'my_100%', text: '…' }, message: null }));
    expect(store.audit.list({ action: 'testbed:run' })).toEqual([run]);
    expect(store.audit.list({ result: 'error' })).toEqual([run]);
    expect(store.audit.list({ result: 'ok' })).toEqual([save, start]);
    expect(store.audit.list({ since: 2000 })).toEqual([save, run]);
    expect(store.audit.list({ since: 1500, until: 2500 })).toEqual([run]);
    expect(store.audit.list({ text: 'DEMO-THERMO' })).toEqual([start]);
    expect(store.audit.list({ text: 'stf_count' })).toEqual([run]);
    expect(store.audit.list({ text: 'not installed' })).toEqual([run]);
    expect(store.audit.list({ text: 'config:save' })).toEqual([save]);
    expect(store.audit.list({ text: '100%' })).toEqual([save]);
    expect(store.audit.list({ text: '1_0' })).toEqual([]);
    expect(store.audit.list({ text: '   ' })).toEqual([save, run, start]);
    expect(store.audit.count({ result: 'ok', since: 2000 })).toBe(1);
    store.close();
  });

  it('pages back with before and caps the limit at 1000', () => {
    const store = openStationStore(dirs.make());
    const ids = Array.from({ length: 1005 }, (_, i) => store.audit.append(entry({ time: i })).id);
    expect(store.audit.list({ limit: 5000 })).toHaveLength(1000);
    expect(store.audit.list().map((e) => e.id)).toEqual(ids.slice(-200).reverse());
    const page = store.audit.list({ before: ids[10], limit: 3 });
    expect(page.map((e) => e.id)).toEqual([ids[9], ids[8], ids[7]]);
    expect(store.audit.list({ before: ids[0] })).toEqual([]);
    store.close();
  });

  it('keeps the rows when the store is closed and opened again', () => {
    const dir = dirs.make();
    const first = openStationStore(dir);
    const rows = [first.audit.append(entry()), first.audit.append(entry({ action: 'op:stop' }))];
    first.close();
    const second = openStationStore(dir);
    expect(second.audit.list()).toEqual(rows.reverse());
    second.close();
  });
});
