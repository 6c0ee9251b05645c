// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialAgentState, useAgentStore } from '../../../../../renderer/src/stores/agent-store.js';
import { getInitialPrefsState, usePrefsStore } from '../../../../../renderer/src/stores/prefs-store.js';
import { getInitialRegistryState, useRegistryStore } from '../../../../../renderer/src/stores/registry-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { RegistryView } from '../../../../../renderer/src/views/registry/registry-view.js';
import { agentApi, FakeStation, row } from '../../fake-station.js';

const now = Date.now() / 1000;

function seed(count: number): void {
  const rows = Array.from({ length: count }, (_, i) =>
    row(`observatory.agent${i}`, { lastHeartbeat: now - 2, expired: i % 10 === 9, opCodes: { acq: i % 10 === 9 ? 7 : 3, init: 5 } }),
  );
  useRegistryStore.setState({ rows: new Map(rows.map((r) => [r.address, r])), loaded: true });
}

const addresses = () => screen.getAllByTestId('registry-row').map((el) => el.getAttribute('data-address'));

describe('RegistryView', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation().handle('agent:api', () => agentApi());
    setStationApi(station);
    useRegistryStore.setState(getInitialRegistryState());
    usePrefsStore.setState(getInitialPrefsState());
    useAgentStore.setState(getInitialAgentState());
  });
  afterEach(cleanup);

  it('renders a row per agent with state, class, ticking age and op chips, and the counts', () => {
    seed(3);
    useRegistryStore.getState().applyRows([row('observatory.zz', { expired: true, lastHeartbeat: now - 12 })]);
    render(<RegistryView />);
    expect(addresses()).toEqual(['observatory.agent0', 'observatory.agent1', 'observatory.agent2', 'observatory.zz']);
    expect(screen.getByTestId('registry-counts').textContent).toBe('3 alive · 1 expired · 4 total');
    const expired = screen.getAllByTestId('registry-row').find((el) => el.getAttribute('data-address') === 'observatory.zz')!;
    expect(expired.getAttribute('data-expired')).toBe('true');
    expect(expired.className).toContain('grid-row--expired');
    expect(within(expired).getByText('EXPIRED')).toBeTruthy();
    expect(within(expired).getByText(/^1[23] s$/)).toBeTruthy();
    const alive = screen.getAllByTestId('registry-row')[0];
    expect(alive.getAttribute('data-expired')).toBe('false');
    expect(within(alive).getByText('acq').className).toContain('chip--running');
    expect(within(alive).getByText('init').className).toContain('chip--succeeded');
  });

  it('virtualizes: 2,000 agents put only a screenful of rows in the DOM', () => {
    seed(2000);
    render(<RegistryView />);
    const rendered = screen.getAllByTestId('registry-row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(60);
    expect(screen.getByTestId('registry-counts').textContent).toBe('1800 alive · 200 expired · 2000 total');
  });

  it('filters rows by the filter box while the counts stay global', () => {
    seed(30);
    render(<RegistryView />);
    fireEvent.change(screen.getByTestId('registry-filter'), { target: { value: 'agent2' } });
    expect(addresses()).toEqual(['observatory.agent2', 'observatory.agent20', 'observatory.agent21', 'observatory.agent22', 'observatory.agent23', 'observatory.agent24', 'observatory.agent25', 'observatory.agent26', 'observatory.agent27', 'observatory.agent28', 'observatory.agent29']);
    fireEvent.change(screen.getByTestId('registry-filter'), { target: { value: 'is:expired' } });
    expect(addresses()).toEqual(['observatory.agent9', 'observatory.agent19', 'observatory.agent29']);
    expect(screen.getByTestId('registry-counts').textContent).toBe('27 alive · 3 expired · 30 total');
  });

  it('sorts by a column header, flipping on a second click', () => {
    seed(3);
    render(<RegistryView />);
    const addressHeader = screen.getByRole('button', { name: /Address/ });
    fireEvent.click(addressHeader);
    expect(addresses()[0]).toBe('observatory.agent2');
    expect(addressHeader.closest('[role="columnheader"]')?.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(screen.getByRole('button', { name: /State/ }));
    expect(usePrefsStore.getState().sort).toEqual({ key: 'state', direction: 'asc' });
  });

  it('moves through rows with the keyboard and opens the agent with Enter', async () => {
    seed(30);
    render(<RegistryView />);
    const first = screen.getAllByTestId('registry-row')[0];
    expect(first.tabIndex).toBe(0);
    act(() => first.focus());
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement?.getAttribute('data-address')).toBe('observatory.agent1');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.getAttribute('data-address')).toBe('observatory.agent29');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    const paged = document.activeElement?.getAttribute('data-address');
    expect(paged).not.toBe('observatory.agent0');
    await act(async () => {
      fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    });
    expect(usePrefsStore.getState().view).toBe('agent');
    expect(useAgentStore.getState().address).toBe(paged);
    expect(station.callsTo('agent:api')).toEqual([{ address: paged }]);
  });

  it('opens an agent on click', async () => {
    seed(2);
    render(<RegistryView />);
    await act(async () => {
      fireEvent.click(screen.getAllByTestId('registry-row')[1]);
    });
    expect(useAgentStore.getState().address).toBe('observatory.agent1');
    expect(usePrefsStore.getState().view).toBe('agent');
  });
});
