// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialAuditState, useAuditStore } from '../../../../../renderer/src/stores/audit-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { AuditView } from '../../../../../renderer/src/views/audit/audit-view.js';
import { auditEntry, auditList } from '../../audit-fixtures.js';
import { FakeStation } from '../../fake-station.js';

const rowIds = () => screen.queryAllByTestId('audit-row').map((el) => el.getAttribute('data-id'));
const cells = (index: number) => [...screen.getAllByTestId('audit-row')[index].querySelectorAll('td')].map((td) => td.textContent);

describe('Audit view', () => {
  let station: FakeStation;
  const entries = [
    auditEntry(1),
    auditEntry(2, { action: 'testbed:run', target: 'testbed workflow (default config)', params: { params: {} }, ok: false, errorCode: 'agent_error', message: 'supervisord is not installed', result: null, durationMs: 2400 }),
    auditEntry(3, { client: 'bridge 10.0.0.7', action: 'testbed:agent', target: 'supervisord program swf-data-agent', params: { action: 'restart', name: 'swf-data-agent' } }),
  ];
  beforeEach(async () => {
    station = new FakeStation().handle('audit:list', auditList(entries));
    setStationApi(station);
    useAuditStore.setState(getInitialAuditState());
  });
  afterEach(cleanup);

  const open = async () => {
    await act(async () => {
      render(<AuditView />);
    });
  };

  it('loads on open and lists entries newest first with time, user, action, target, params, result and duration', async () => {
    await open();
    expect(rowIds()).toEqual(['3', '2', '1']);
    expect(cells(2)).toEqual(['2026-11-23 12:00:01', 'alice · desktop', 'op:start', 'observatory.demo-thermo set_setpoint', 'setpoint=5 ramp_rate=0.5', 'ok', '12 ms']);
    expect(cells(1).slice(4)).toEqual(['', 'error: agent_error', '2.4 s']);
    expect(cells(0).slice(1, 5)).toEqual(['alice · bridge 10.0.0.7', 'testbed:agent', 'supervisord program swf-data-agent', 'action=restart']);
    expect(screen.getByTestId('audit-count').textContent).toBe('3 entries');
  });

  it('searches and filters through the station', async () => {
    await open();
    await act(async () => {
      fireEvent.change(screen.getByTestId('audit-search'), { target: { value: 'swf-data' } });
    });
    expect(rowIds()).toEqual(['3']);
    await act(async () => {
      fireEvent.change(screen.getByTestId('audit-search'), { target: { value: '' } });
      fireEvent.change(screen.getByTestId('audit-filter-result'), { target: { value: 'error' } });
    });
    expect(rowIds()).toEqual(['2']);
    const actions = [...(screen.getByTestId('audit-filter-action') as HTMLSelectElement).options].map((o) => o.value);
    expect(actions).toEqual(expect.arrayContaining(['', 'op:start', 'op:stop', 'op:abort', 'testbed:run', 'testbed:agent', 'connection:set', 'alarms:ack']));
    await act(async () => {
      fireEvent.change(screen.getByTestId('audit-filter-result'), { target: { value: '' } });
      fireEvent.change(screen.getByTestId('audit-filter-action'), { target: { value: 'op:abort' } });
    });
    expect(screen.getByText('No user actions recorded for this filter yet.')).toBeTruthy();
  });

  it('shows new entries live and a row’s full params and result on click', async () => {
    await open();
    act(() => useAuditStore.getState().applyEntries([auditEntry(4, { params: { address: 'observatory.demo-hwp', op: 'spin_up', params: { target_hz: 2 } }, target: 'observatory.demo-hwp spin_up' })]));
    expect(rowIds()).toEqual(['4', '3', '2', '1']);
    fireEvent.click(screen.getAllByTestId('audit-row')[2]);
    const detail = screen.getByTestId('audit-detail');
    expect(screen.getByTestId('audit-detail-result').textContent).toBe('error: agent_error – supervisord is not installed');
    expect(detail.textContent).toContain('testbed workflow (default config)');
    expect(screen.getByText('none recorded')).toBeTruthy();
    fireEvent.click(screen.getAllByTestId('audit-row')[0]);
    expect(screen.getByTestId('audit-detail-params').textContent).toContain('target_hz');
    expect(screen.getByTestId('audit-detail-response').textContent).toContain('op_code');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('audit-detail')).toBeNull();
  });

  it('offers older entries when more match than are shown', async () => {
    station.handle('audit:list', auditList(Array.from({ length: 205 }, (_, i) => auditEntry(i + 1))));
    await open();
    expect(screen.getByTestId('audit-count').textContent).toBe('200 of 205 entries');
    await act(async () => {
      fireEvent.click(screen.getByTestId('audit-more'));
    });
    expect(rowIds()).toHaveLength(205);
    expect(screen.queryByTestId('audit-more')).toBeNull();
  });

  it('shows a failed load where the user looks', async () => {
    station.handle('audit:list', () => {
      throw new Error('bad request for audit:list');
    });
    await open();
    expect(screen.getByRole('alert').textContent).toBe('Audit log: bad request for audit:list');
  });
});
