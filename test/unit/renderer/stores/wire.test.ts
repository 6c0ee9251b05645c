import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkState, StationLink } from '../../../../renderer/src/api/link.js';
import { getInitialClockState, serverNow, useClockStore } from '../../../../renderer/src/stores/clock-store.js';
import { getInitialConnectionState, useConnectionStore } from '../../../../renderer/src/stores/connection-store.js';
import { getInitialLinkState, useLinkStore } from '../../../../renderer/src/stores/link-store.js';
import { getInitialRegistryState, useRegistryStore } from '../../../../renderer/src/stores/registry-store.js';
import { wireStores } from '../../../../renderer/src/stores/wire.js';
import { getInitialDataFileState, useDataFileStore } from '../../../../renderer/src/stores/datafile-store.js';
import { getInitialScriptRunsState, useScriptRunsStore } from '../../../../renderer/src/stores/script-runs-store.js';
import { getInitialSmurfState, useSmurfStore } from '../../../../renderer/src/stores/smurf-store.js';
import { FakeStation, row } from '../fake-station.js';
import { dataFile, line, run, slot, smurfInfo } from '../smurf-fixtures.js';

/** A link whose up/down state the test drives. */
function testLink(station: FakeStation): StationLink & { set(state: LinkState): void } {
  let state: LinkState = { status: 'connected' };
  const listeners = new Set<(state: LinkState) => void>();
  return {
    api: station,
    state: () => state,
    onState: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    close: () => undefined,
    set(next) {
      state = next;
      for (const listener of listeners) listener(next);
    },
  };
}

const connection = { target: { kind: 'embedded' as const }, url: 'ws://127.0.0.1:8001/ws', realm: 'test_realm', addressRoot: 'observatory', status: 'connected' as const, detail: null };

describe('wireStores', () => {
  let station: FakeStation;
  let unwire: () => void = () => undefined;
  beforeEach(() => {
    station = new FakeStation()
      .handle('app:info', () => ({ version: '0.1.0', mode: 'headless', serverTime: Date.now() / 1000 + 3600, memory: { rss: 1, heapUsed: 1, heapTotal: 1, external: 0, arrayBuffers: 0 } }))
      .handle('registry:snapshot', () => [row('obs.a')])
      .handle('connection:get', () => connection);
    useRegistryStore.setState(getInitialRegistryState());
    useConnectionStore.setState(getInitialConnectionState());
    useClockStore.setState(getInitialClockState());
    useLinkStore.setState(getInitialLinkState());
    useSmurfStore.setState(getInitialSmurfState());
    useScriptRunsStore.setState(getInitialScriptRunsState());
    useDataFileStore.setState(getInitialDataFileState());
  });
  afterEach(() => unwire());

  it('loads everything, tracks the server clock offset and routes pushes into the stores', async () => {
    unwire = wireStores(testLink(station));
    await vi.waitFor(() => expect(useRegistryStore.getState().loaded).toBe(true));
    await vi.waitFor(() => expect(useClockStore.getState().info?.mode).toBe('headless'));
    // The server clock runs an hour ahead of ours: ages must use it.
    expect(serverNow() - Date.now() / 1000).toBeCloseTo(3600, 0);
    expect(useConnectionStore.getState().state).toEqual(connection);

    station.push('registry:rows', [row('obs.b', { expired: true })]);
    station.push('connection:state', { ...connection, status: 'disconnected' });
    expect([...useRegistryStore.getState().rows.keys()]).toEqual(['obs.a', 'obs.b']);
    expect(useConnectionStore.getState().state?.status).toBe('disconnected');
  });

  it('shows the link state and reloads the snapshot after a reconnect', async () => {
    const link = testLink(station);
    unwire = wireStores(link);
    await vi.waitFor(() => expect(station.callsTo('registry:snapshot')).toHaveLength(1));
    link.set({ status: 'reconnecting', attempt: 1, reason: 'connection lost or refused' });
    expect(useLinkStore.getState().state.status).toBe('reconnecting');
    station.handle('registry:snapshot', () => [row('obs.a'), row('obs.c')]);
    link.set({ status: 'connected' });
    await vi.waitFor(() => expect(useRegistryStore.getState().rows.size).toBe(2));
    expect(station.callsTo('registry:snapshot')).toHaveLength(2);
  });

  it('takes a fresh snapshot when the station joins another router, and not for a mere state change', async () => {
    unwire = wireStores(testLink(station));
    await vi.waitFor(() => expect(useConnectionStore.getState().state).toEqual(connection));
    await vi.waitFor(() => expect(station.callsTo('registry:snapshot')).toHaveLength(1));
    station.push('connection:state', { ...connection, status: 'connecting' });
    expect(station.callsTo('registry:snapshot')).toHaveLength(1);

    // The old bus's agents are gone from the station; the new snapshot must replace them, not merge.
    station.handle('registry:snapshot', () => [row('site.x')]);
    station.push('connection:state', { ...connection, url: 'ws://site:8001/ws', addressRoot: 'site', target: { kind: 'url', url: 'ws://site:8001/ws', realm: 'test_realm', addressRoot: 'site' } });
    await vi.waitFor(() => expect([...useRegistryStore.getState().rows.keys()]).toEqual(['site.x']));
    expect(station.callsTo('registry:snapshot')).toHaveLength(2);
  });

  it('loads the smurf site and routes its pushes (slots, runs, output, data files) into the stores', async () => {
    station
      .handle('smurf:info', () => smurfInfo())
      .handle('smurf:slots', () => [slot(2)])
      .handle('scripts:list', () => [])
      .handle('scripts:history', () => [run(1)])
      .handle('smurf:datafiles', () => []);
    unwire = wireStores(testLink(station));
    await vi.waitFor(() => expect(useSmurfStore.getState().loaded).toBe(true));
    await vi.waitFor(() => expect(useScriptRunsStore.getState().historyLoaded).toBe(true));
    await vi.waitFor(() => expect(useDataFileStore.getState().loaded).toBe(true));
    station.push('smurf:slots', [slot(2, { expired: true }), slot(3)]);
    station.push('scripts:runs', [run(2)]);
    station.push('scripts:output', [line(2, 0)]);
    station.push('smurf:datafiles', [dataFile(9)]);
    expect([...useSmurfStore.getState().slots.values()].map((s) => [s.streamId, s.expired])).toEqual([
      ['crate1slot2', true],
      ['crate1slot3', false],
    ]);
    expect([...useScriptRunsStore.getState().runs.keys()]).toEqual([1, 2]);
    expect(useScriptRunsStore.getState().output.get(2)).toEqual([line(2, 0)]);
    expect(useDataFileStore.getState().files.map((file) => file.id)).toEqual([9]);
  });

  it('unwiring removes the push listeners', () => {
    wireStores(testLink(station))();
    expect(station.listenerCount('registry:rows')).toBe(0);
    expect(station.listenerCount('connection:state')).toBe(0);
    for (const channel of ['smurf:slots', 'scripts:runs', 'scripts:output', 'smurf:datafiles'] as const) expect(station.listenerCount(channel)).toBe(0);
  });
});
