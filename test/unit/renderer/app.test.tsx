// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/app.js';
import { getInitialConnectionState, useConnectionStore } from '../../../renderer/src/stores/connection-store.js';
import { getInitialLinkState, useLinkStore } from '../../../renderer/src/stores/link-store.js';
import { getInitialPrefsState, usePrefsStore } from '../../../renderer/src/stores/prefs-store.js';
import { getInitialRegistryState, useRegistryStore } from '../../../renderer/src/stores/registry-store.js';
import { setStationApi } from '../../../renderer/src/stores/station.js';
import { FakeStation } from './fake-station.js';

describe('App shell', () => {
  beforeEach(() => {
    setStationApi(new FakeStation());
    usePrefsStore.setState(getInitialPrefsState());
    useRegistryStore.setState({ ...getInitialRegistryState(), loaded: true });
    useConnectionStore.setState({
      ...getInitialConnectionState(),
      state: { target: { kind: 'embedded' }, url: 'ws://127.0.0.1:8001/ws', realm: 'test_realm', addressRoot: 'observatory', status: 'connected', detail: null },
    });
    useLinkStore.setState({ state: { status: 'connected' } });
  });
  afterEach(() => {
    cleanup();
    useLinkStore.setState(getInitialLinkState());
  });

  it('switches views with the nav tabs and with Alt+1/2/3', () => {
    render(<App />);
    expect(screen.getByTestId('registry-grid')).toBeTruthy();
    fireEvent.click(screen.getByTestId('nav-connections'));
    expect(screen.getByTestId('connection-status').textContent).toBe('connected');
    expect(screen.getByTestId('nav-connections').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(window, { key: '2', code: 'Digit2', altKey: true });
    expect(screen.getByTestId('agent-select')).toBeTruthy();
    fireEvent.keyDown(window, { key: '1', code: 'Digit1', altKey: true });
    expect(screen.getByTestId('registry-grid')).toBeTruthy();
    fireEvent.keyDown(window, { key: '3', code: 'Digit3' }); // No Alt: ignored.
    expect(screen.queryByTestId('connection-status')).toBeNull();
  });

  it('reaches the Smurf, Scripts and Data files views with Alt+4/5/6 and their tabs', () => {
    render(<App />);
    fireEvent.keyDown(window, { key: '4', code: 'Digit4', altKey: true });
    expect(screen.getByTestId('smurf-select-all-alive')).toBeTruthy();
    expect(screen.getByTestId('nav-smurf').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(window, { key: '5', code: 'Digit5', altKey: true });
    expect(screen.getByTestId('script-run')).toBeTruthy();
    fireEvent.keyDown(window, { key: '6', code: 'Digit6', altKey: true });
    expect(screen.getByTestId('datafile-filter-slot')).toBeTruthy();
    fireEvent.click(screen.getByTestId('nav-smurf'));
    expect(screen.getByTestId('fanout-run')).toBeTruthy();
    expect(screen.getByRole('contentinfo').textContent).toContain('Alt+4 Smurf · Alt+5 Scripts · Alt+6 Data files');
  });

  it('shows a banner and dims the last known state while the bridge is down', () => {
    render(<App />);
    expect(screen.queryByTestId('bridge-banner')).toBeNull();
    act(() => useLinkStore.getState().setState({ status: 'reconnecting', attempt: 2, reason: 'connection lost or refused' }));
    expect(screen.getByTestId('bridge-banner').textContent).toBe('Connection to the station lost (connection lost or refused) — reconnecting, attempt 2…');
    expect(screen.getByRole('main').className).toContain('content--stale');
    expect(screen.getByText('station unreachable')).toBeTruthy();
    act(() => useLinkStore.getState().setState({ status: 'connected' }));
    expect(screen.queryByTestId('bridge-banner')).toBeNull();
  });
});
