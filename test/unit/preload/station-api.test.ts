import { describe, expect, it } from 'vitest';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL, type InvokeChannel, type PushChannel, type StationApi } from '../../../shared/ipc.js';
import { createStationApi, type PreloadIpc } from '../../../preload/station-api.js';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** Records what the preload sends and lets the test play main's replies and pushes. */
function fakeIpc(reply: (channel: string, ...args: unknown[]) => unknown) {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<IpcListener>>();
  const ipc: PreloadIpc = {
    async invoke(channel, ...args) {
      invoked.push([channel, ...args]);
      return reply(channel, ...args);
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'ipc-event' }, ...args);
  };
  return { ipc, invoked, listeners, emit };
}

describe('window.station (preload)', () => {
  it('invokes through the one Electron channel and unwraps a successful envelope', async () => {
    const fake = fakeIpc(() => ({ ok: true, value: { version: '1', mode: 'electron', serverTime: 5 } }));
    const api = createStationApi(fake.ipc);
    await expect(api.invoke('app:info', undefined)).resolves.toEqual({ version: '1', mode: 'electron', serverTime: 5 });
    await api.invoke('op:abort', { address: 'observatory.fake1', op: 'count' });
    expect(fake.invoked).toEqual([
      [ELECTRON_INVOKE_CHANNEL, 'app:info', undefined],
      [ELECTRON_INVOKE_CHANNEL, 'op:abort', { address: 'observatory.fake1', op: 'count' }],
    ]);
  });

  it("rejects with the handler's message when main answers ok:false", async () => {
    const fake = fakeIpc(() => ({ ok: false, error: { code: 'agent_error', message: 'Operation "count" is already running' } }));
    await expect(createStationApi(fake.ipc).invoke('op:start', { address: 'a', op: 'count' })).rejects.toThrow('Operation "count" is already running');
  });

  it('refuses unknown channel names without calling main', async () => {
    const fake = fakeIpc(() => ({ ok: true, value: null }));
    const api = createStationApi(fake.ipc);
    await expect(api.invoke('fs:read' as InvokeChannel, undefined as never)).rejects.toThrow('unknown channel "fs:read"');
    expect(() => api.on('secrets' as PushChannel, () => {})).toThrow('unknown push channel "secrets"');
    expect(fake.invoked).toEqual([]);
  });

  it('delivers only its own push channel, payload only, until unsubscribed', () => {
    const fake = fakeIpc(() => null);
    const api: StationApi = createStationApi(fake.ipc);
    const rows: unknown[] = [];
    const unsubscribe = api.on('registry:rows', (payload) => rows.push(payload));
    fake.emit(ELECTRON_PUSH_CHANNEL, 'connection:state', { status: 'connected' });
    fake.emit(ELECTRON_PUSH_CHANNEL, 'registry:rows', [{ address: 'observatory.fake1' }]);
    expect(rows).toEqual([[{ address: 'observatory.fake1' }]]);
    unsubscribe();
    expect(fake.listeners.get(ELECTRON_PUSH_CHANNEL)?.size).toBe(0);
    fake.emit(ELECTRON_PUSH_CHANNEL, 'registry:rows', []);
    expect(rows).toHaveLength(1);
  });

  it('exposes exactly invoke and on', () => {
    expect(Object.keys(createStationApi(fakeIpc(() => null).ipc)).sort()).toEqual(['invoke', 'on']);
  });
});
