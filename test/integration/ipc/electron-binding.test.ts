/**
 * The Electron binding in front of a real station, with ipcMain and the window faked (no Electron
 * runtime can exist on these machines): sender-frame validation on every call, batched pushes to
 * the window, nothing sent to a destroyed window, clean unbinding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Electron from 'electron';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL, type AgentRow, type Envelope } from '../../../shared/ipc.js';
import { bindElectronIpc } from '../../../main/ipc/electron-binding.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';

type InvokeListener = (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain.handle/removeHandler as Electron behaves: one handler per channel. */
class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, channel, request) from `frameUrl` would get. */
  async invokeFrom(frameUrl: string | null, channel: string, request?: unknown): Promise<Envelope<unknown>> {
    const handler = this.handlers.get(ELECTRON_INVOKE_CHANNEL);
    if (!handler) throw new Error('no handler registered');
    const event = { senderFrame: frameUrl === null ? null : { url: frameUrl } } as unknown as Electron.IpcMainInvokeEvent;
    return (await handler(event, channel, request)) as Envelope<unknown>;
  }
}

const APP_URL = 'file:///opt/control-station/out/renderer/index.html';

let station: Station;
let ipcMain: FakeIpcMain;
const sent: Array<{ args: unknown[]; at: number }> = [];
let destroyed = false;
let unbind: () => void;

beforeAll(async () => {
  station = await createStation({ mode: 'electron', wampPort: 0, stream: { port: 0 } });
  ipcMain = new FakeIpcMain();
  const target = { send: (channel: string, ...args: unknown[]) => sent.push({ args: [channel, ...args], at: Date.now() }), isDestroyed: () => destroyed };
  unbind = bindElectronIpc(station.table, { ipcMain, target, isTrustedSender: (frame) => frame?.url === APP_URL });
});
afterAll(async () => {
  unbind?.();
  await station?.close();
});

describe('Electron IPC binding', () => {
  it('serves the app\'s own renderer frame', async () => {
    expect(await ipcMain.invokeFrom(APP_URL, 'app:info')).toMatchObject({ ok: true, value: { mode: 'electron' } });
    expect(await ipcMain.invokeFrom(APP_URL, 'agent:api', { address: 'observatory.demo-hwp' })).toMatchObject({ ok: true, value: { agent_class: 'DemoHWPRotation' } });
    expect(await ipcMain.invokeFrom(APP_URL, 'op:start', { address: 7 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses a foreign or vanished sender frame with forbidden, before touching the station', async () => {
    const before = await ipcMain.invokeFrom(APP_URL, 'op:status', { address: 'observatory.demo-shutter', op: 'open' });
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', null]) {
      const envelope = await ipcMain.invokeFrom(url, 'op:start', { address: 'observatory.demo-shutter', op: 'open' });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('not the station') } });
    }
    // The refused starts did not reach the agent: open still has no session.
    expect(await ipcMain.invokeFrom(APP_URL, 'op:status', { address: 'observatory.demo-shutter', op: 'open' })).toEqual(before);
  });

  it('pushes registry rows to the window on the push channel, at most once per ~50 ms', async () => {
    await waitFor(() => sent.some(({ args }) => args[1] === 'registry:rows'), 3000, 'a registry:rows push');
    for (const { args } of sent) {
      expect(args[0]).toBe(ELECTRON_PUSH_CHANNEL);
      // testbed:status goes out on every bus state change, watched or not (the alarms read it).
      expect(['registry:rows', 'connection:state', 'testbed:status']).toContain(args[1]);
    }
    const rows = sent.filter(({ args }) => args[1] === 'registry:rows').flatMap(({ args }) => args[2] as AgentRow[]);
    expect(new Set(rows.map((row) => row.address))).toContain('observatory.demo-thermo');
    const times = sent.filter(({ args }) => args[1] === 'registry:rows').map(({ at }) => at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(45);
  });

  it('sends nothing to a destroyed window', async () => {
    destroyed = true;
    const count = sent.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sent.length).toBe(count);
    destroyed = false;
    await waitFor(() => sent.length > count, 3000, 'pushes to resume');
  });

  it("enforces the window's lock level: refusals name the levels, access:set unlocks, the change is pushed to the window", async () => {
    expect(await ipcMain.invokeFrom(APP_URL, 'access:get')).toEqual({ ok: true, value: { level: 'operate', startLevel: 'operate', maxLevel: 'expert', relockAt: null } });
    expect(await ipcMain.invokeFrom(APP_URL, 'connection:set', { kind: 'embedded' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'connection:set needs level expert; this connection is operate (access:set to unlock)' },
    });
    const unlocked = await ipcMain.invokeFrom(APP_URL, 'access:set', { level: 'expert' });
    expect(unlocked).toMatchObject({ ok: true, value: { level: 'expert', relockAt: expect.any(Number) } });
    expect(await ipcMain.invokeFrom(APP_URL, 'connection:set', { kind: 'embedded' })).toMatchObject({ ok: true, value: { status: 'connected' } });
    expect(await ipcMain.invokeFrom(APP_URL, 'access:set', { level: 'locked' })).toMatchObject({ ok: true, value: { level: 'locked', relockAt: null } });
    expect(await ipcMain.invokeFrom(APP_URL, 'op:start', { address: 'observatory.demo-shutter', op: 'open' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'op:start needs level operate; this connection is locked (access:set to unlock)' },
    });
    // A foreign frame cannot unlock the window's lock either.
    expect(await ipcMain.invokeFrom('https://evil.example/', 'access:set', { level: 'expert' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await waitFor(() => sent.some(({ args }) => args[1] === 'access:level' && (args[2] as { level: string }).level === 'locked'), 3000, 'the locked push');
    const levels = sent.filter(({ args }) => args[1] === 'access:level').map(({ args }) => (args[2] as { level: string }).level);
    expect(levels.at(-1)).toBe('locked');
    expect(await ipcMain.invokeFrom(APP_URL, 'access:set', { level: 'operate' })).toMatchObject({ ok: true, value: { level: 'operate' } });
  });

  it('unbinds: handler removed, no more pushes, and it can be bound again', async () => {
    unbind();
    expect(ipcMain.handlers.size).toBe(0);
    const count = sent.length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sent.length).toBe(count);
    unbind = bindElectronIpc(station.table, { ipcMain, target: { send: () => {}, isDestroyed: () => false }, isTrustedSender: () => true });
    expect(await ipcMain.invokeFrom('anything', 'connection:get')).toMatchObject({ ok: true, value: { status: 'connected' } });
  });
});
