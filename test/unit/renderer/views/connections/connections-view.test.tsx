// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../../../shared/ipc.js';
import { getInitialConnectionState, useConnectionStore } from '../../../../../renderer/src/stores/connection-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { targetFromFields } from '../../../../../renderer/src/views/connections/connection-form.js';
import { ConnectionsView } from '../../../../../renderer/src/views/connections/connections-view.js';
import { FakeStation } from '../../fake-station.js';
import { accessView } from '../../lock-fixtures.js';
import { getInitialLockState, useLockStore } from '../../../../../renderer/src/stores/lock-store.js';

const embedded: ConnectionState = { target: { kind: 'embedded' }, url: 'ws://127.0.0.1:8001/ws', realm: 'test_realm', addressRoot: 'observatory', status: 'connected', detail: null };

describe('ConnectionsView', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation();
    setStationApi(station);
    useConnectionStore.setState({ ...getInitialConnectionState(), state: embedded });
    // Switching routers needs expert.
    useLockStore.setState({ ...getInitialLockState(), view: accessView('expert') });
  });
  afterEach(() => {
    cleanup();
    useLockStore.setState(getInitialLockState());
  });

  it('shows router, URL, realm, root and status', () => {
    render(<ConnectionsView />);
    expect(screen.getByTestId('connection-status').textContent).toBe('connected');
    expect(screen.getByTestId('connection-url').textContent).toBe('ws://127.0.0.1:8001/ws');
    expect(screen.getByTestId('connection-realm').textContent).toBe('test_realm');
    expect(screen.getByTestId('connection-root').textContent).toBe('observatory');
    expect(screen.getByTestId('connection-target').textContent).toContain('Embedded');
  });

  it('switches to a router URL and shows the new state', async () => {
    const next: ConnectionState = { target: { kind: 'url', url: 'ws://10.1.1.1:8001/ws', realm: 'site_realm', addressRoot: 'site' }, url: 'ws://10.1.1.1:8001/ws', realm: 'site_realm', addressRoot: 'site', status: 'disconnected', detail: 'ECONNREFUSED 10.1.1.1:8001' };
    station.handle('connection:set', () => next);
    render(<ConnectionsView />);
    fireEvent.click(screen.getByTestId('connection-kind-url'));
    fireEvent.change(screen.getByTestId('connection-target-url'), { target: { value: 'ws://10.1.1.1:8001/ws' } });
    fireEvent.change(screen.getByTestId('connection-target-realm'), { target: { value: 'site_realm' } });
    fireEvent.change(screen.getByTestId('connection-target-root'), { target: { value: 'site' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('connection-switch'));
    });
    expect(station.callsTo('connection:set')).toEqual([next.target]);
    expect(screen.getByTestId('connection-status').textContent).toBe('disconnected');
    expect(screen.getByText('ECONNREFUSED 10.1.1.1:8001')).toBeTruthy();
  });

  it('names a missing field instead of sending, and shows a refused switch', async () => {
    station.handle('connection:set', () => {
      throw new Error('connection:set: /etc/ocs/none.yaml: no such file');
    });
    render(<ConnectionsView />);
    fireEvent.click(screen.getByTestId('connection-kind-site'));
    fireEvent.click(screen.getByTestId('connection-switch'));
    expect(screen.getByTestId('connection-form-error').textContent).toBe('Site file: enter the path of an OCS site config (.yaml)');
    expect(station.calls).toHaveLength(0);
    fireEvent.change(screen.getByTestId('connection-site-file'), { target: { value: '/etc/ocs/none.yaml' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('connection-switch'));
    });
    expect(screen.getByTestId('connection-error').textContent).toBe('connection:set: /etc/ocs/none.yaml: no such file');
  });
});

describe('targetFromFields', () => {
  it('builds each kind of target', () => {
    expect(targetFromFields('embedded', {})).toEqual({ ok: true, target: { kind: 'embedded' } });
    expect(targetFromFields('site', { siteFile: ' a.yaml ', host: '' })).toEqual({ ok: true, target: { kind: 'site', siteFile: 'a.yaml' } });
    expect(targetFromFields('site', { siteFile: 'a.yaml', host: 'h1' })).toEqual({ ok: true, target: { kind: 'site', siteFile: 'a.yaml', host: 'h1' } });
    expect(targetFromFields('url', { url: 'http://x', realm: 'r', addressRoot: 'o' })).toEqual({ ok: false, error: 'Router URL: enter a ws:// or wss:// URL' });
    expect(targetFromFields('url', { url: 'ws://x', realm: '', addressRoot: 'o' })).toEqual({ ok: false, error: 'Realm: enter the WAMP realm' });
  });
});
