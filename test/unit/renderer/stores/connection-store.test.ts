import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../../shared/ipc.js';
import { getInitialConnectionState, useConnectionStore } from '../../../../renderer/src/stores/connection-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation } from '../fake-station.js';

const embedded: ConnectionState = { target: { kind: 'embedded' }, url: 'ws://127.0.0.1:8001/ws', realm: 'test_realm', addressRoot: 'observatory', status: 'connected', detail: null };

describe('connection store', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation();
    setStationApi(station);
    useConnectionStore.setState(getInitialConnectionState());
  });

  it('loads the current connection and applies pushes', async () => {
    station.handle('connection:get', () => embedded);
    await useConnectionStore.getState().load();
    expect(useConnectionStore.getState().state).toEqual(embedded);
    useConnectionStore.getState().apply({ ...embedded, status: 'disconnected', detail: 'router went away' });
    expect(useConnectionStore.getState().state).toMatchObject({ status: 'disconnected', detail: 'router went away' });
  });

  it('switches and takes the resulting state', async () => {
    const site: ConnectionState = { ...embedded, target: { kind: 'url', url: 'ws://10.0.0.2:8001/ws', realm: 'r', addressRoot: 'site' }, url: 'ws://10.0.0.2:8001/ws', realm: 'r', addressRoot: 'site' };
    station.handle('connection:set', () => site);
    await useConnectionStore.getState().switchTo(site.target);
    expect(station.callsTo('connection:set')).toEqual([site.target]);
    expect(useConnectionStore.getState()).toMatchObject({ state: site, switching: false, error: null });
  });

  it('keeps the reason when a switch is refused', async () => {
    station.handle('connection:set', () => {
      throw new Error('connection:set: /nope.yaml: no such file');
    });
    await useConnectionStore.getState().switchTo({ kind: 'site', siteFile: '/nope.yaml' });
    expect(useConnectionStore.getState()).toMatchObject({ switching: false, error: 'connection:set: /nope.yaml: no such file' });
  });
});
