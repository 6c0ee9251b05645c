// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialLogsState, useLogsStore } from '../../../../../renderer/src/stores/logs-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { LogsView } from '../../../../../renderer/src/views/logs/logs-view.js';
import type { FakeStation } from '../../fake-station.js';
import { FakeLog, logStation, SOURCE } from '../../logs-fixtures.js';
import { setLockLevel } from '../../lock-fixtures.js';
import { getInitialLockState, useLockStore } from '../../../../../renderer/src/stores/lock-store.js';

describe('Logs view', () => {
  let station: FakeStation;
  beforeEach(() => {
    useLogsStore.setState(getInitialLogsState());
    station = logStation(new FakeLog(300));
    setStationApi(station);
  });
  afterEach(() => {
    cleanup();
    useLockStore.setState(getInitialLockState());
  });

  it('lists sources by kind, opens one in a tab and shows its lines with numbers and levels', async () => {
    render(<LogsView />);
    await waitFor(() => expect(screen.getAllByTestId('logs-source')).toHaveLength(2));
    expect([...document.querySelectorAll('.logs-source-group h3')].map((h) => h.textContent)).toEqual(['Opened files', 'Station agents']);
    fireEvent.click(screen.getAllByTestId('logs-source')[0]);
    await waitFor(() => expect(screen.getAllByTestId('log-row').length).toBeGreaterThan(10));
    expect(screen.getAllByTestId('logs-tab').map((t) => t.textContent)).toEqual(['app.log']);
    const tenth = document.querySelector('[data-testid="log-row"][data-line="10"]');
    expect(tenth?.className).toContain('log-row--error');
    expect(tenth?.querySelector('.log-ln')?.textContent).toBe('10');
    expect(screen.getByTestId('logs-facts').textContent).toContain('300 lines');
    expect(screen.getByTestId('logs-follow-state').textContent).toBe('following');
  });

  it('searches with a count and highlights matches; Enter goes to the next match', async () => {
    render(<LogsView />);
    await useLogsStore.getState().openSource(SOURCE.id);
    await waitFor(() => expect(screen.getAllByTestId('log-row').length).toBeGreaterThan(10));
    fireEvent.change(screen.getByTestId('logs-search'), { target: { value: 'message 1' } });
    // 1, 10–19, 100–199
    await waitFor(() => expect(screen.getByTestId('logs-search-count').textContent).toBe('111 matches'));
    expect(screen.getAllByTestId('log-match').length).toBeGreaterThan(0);
    fireEvent.keyDown(screen.getByTestId('logs-search'), { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('logs-search-count').textContent).toBe('1 of 111'));
    expect(screen.getByTestId('logs-follow-state').textContent).toBe('following paused — 0 new lines');
    fireEvent.click(screen.getByTestId('logs-follow-resume'));
    expect(screen.getByTestId('logs-follow-state').textContent).toBe('following');
  });

  it('filters by level and says why an opened path was refused', async () => {
    station.handle('logs:open', () => {
      throw new Error('/etc: not a regular file');
    });
    render(<LogsView />);
    // Opening a file of the host needs expert.
    setLockLevel('expert');
    await useLogsStore.getState().openSource(SOURCE.id);
    fireEvent.click(await screen.findByTestId('logs-level-ERROR'));
    await waitFor(() => expect(screen.getAllByTestId('log-row').every((row) => row.className.includes('log-row--error'))).toBe(true));
    expect(screen.getAllByTestId('log-row')).toHaveLength(30);
    fireEvent.change(screen.getByTestId('logs-open-path'), { target: { value: '/etc' } });
    fireEvent.click(screen.getByTestId('logs-open-submit'));
    await waitFor(() => expect(screen.getByTestId('logs-open-error').textContent).toBe('/etc: not a regular file'));
  });
});
