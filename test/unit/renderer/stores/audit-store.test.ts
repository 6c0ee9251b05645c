import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_PAGE, getInitialAuditState, requestFilter, useAuditStore } from '../../../../renderer/src/stores/audit-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { auditEntry, auditList } from '../audit-fixtures.js';
import { FakeStation } from '../fake-station.js';

describe('audit store', () => {
  let station: FakeStation;
  const entries = [auditEntry(1), auditEntry(2, { action: 'testbed:run', target: 'testbed workflow (default config)', ok: false, errorCode: 'agent_error', message: 'supervisord is not installed' }), auditEntry(3, { client: 'bridge 10.0.0.7' })];
  beforeEach(() => {
    station = new FakeStation().handle('audit:list', auditList(entries));
    setStationApi(station);
    useAuditStore.setState(getInitialAuditState());
  });
  afterEach(() => useAuditStore.setState(getInitialAuditState()));

  it('loads newest first and refetches with each filter change', async () => {
    await useAuditStore.getState().load();
    expect(useAuditStore.getState()).toMatchObject({ loaded: true, total: 3, error: null });
    expect(useAuditStore.getState().entries.map((e) => e.id)).toEqual([3, 2, 1]);
    await useAuditStore.getState().setFilter({ result: 'error' });
    await useAuditStore.getState().setFilter({ text: '  SUPERVISORD ' });
    expect(station.callsTo('audit:list')).toEqual([{ limit: AUDIT_PAGE }, { limit: AUDIT_PAGE, result: 'error' }, { limit: AUDIT_PAGE, result: 'error', text: 'SUPERVISORD' }]);
    expect(useAuditStore.getState().entries.map((e) => e.id)).toEqual([2]);
  });

  it('turns the datetime-local bounds into Unix ms, "until" through the end of its minute', () => {
    const since = new Date(2026, 10, 23, 12, 0).getTime();
    expect(requestFilter({ text: '', action: 'op:stop', result: '', since: '2026-11-23T12:00', until: '2026-11-23T12:00' })).toEqual({ action: 'op:stop', since, until: since + 59_999 });
    expect(requestFilter({ text: '', action: '', result: 'ok', since: 'nonsense', until: '2026-11-23T12:00:30' })).toEqual({ result: 'ok', until: since + 30_999 });
  });

  it('prepends pushed entries that pass the filter, once each, and counts them', async () => {
    await useAuditStore.getState().setFilter({ action: 'op:start' });
    useAuditStore.getState().applyEntries([auditEntry(5), auditEntry(4, { action: 'connection:set' }), auditEntry(3)]);
    expect(useAuditStore.getState().entries.map((e) => e.id)).toEqual([5, 3, 1]);
    expect(useAuditStore.getState().total).toBe(3);
  });

  it('ignores pushes before the first load', () => {
    useAuditStore.getState().applyEntries([auditEntry(9)]);
    expect(useAuditStore.getState().entries).toEqual([]);
  });

  it('pages back with before and keeps the total', async () => {
    const many = Array.from({ length: AUDIT_PAGE + 5 }, (_, i) => auditEntry(i + 1));
    station.handle('audit:list', auditList(many));
    await useAuditStore.getState().load();
    expect(useAuditStore.getState().entries).toHaveLength(AUDIT_PAGE);
    await useAuditStore.getState().loadMore();
    expect(station.callsTo('audit:list').at(-1)).toEqual({ limit: AUDIT_PAGE, before: 6 });
    expect(useAuditStore.getState().entries.map((e) => e.id).slice(-5)).toEqual([5, 4, 3, 2, 1]);
    expect(useAuditStore.getState().total).toBe(AUDIT_PAGE + 5);
  });

  it('shows a failed load in place, and selects and unselects a row', async () => {
    station.handle('audit:list', () => {
      throw new Error('station gone');
    });
    await useAuditStore.getState().load();
    expect(useAuditStore.getState()).toMatchObject({ error: 'station gone', loading: false });
    useAuditStore.getState().select(2);
    expect(useAuditStore.getState().selectedId).toBe(2);
    useAuditStore.getState().select(2);
    expect(useAuditStore.getState().selectedId).toBeNull();
  });
});
