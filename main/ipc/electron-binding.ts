import type Electron from 'electron';
import { ELECTRON_INVOKE_CHANNEL, ELECTRON_PUSH_CHANNEL, type Envelope } from '../../shared/ipc.js';
import { ACCESS_DEFAULTS, ConnectionLock } from './connection-lock.js';
import type { HandlerTable } from './handler-table.js';
import { PushBatcher } from './push-batcher.js';

export interface ElectronIpcDeps {
  ipcMain: Pick<Electron.IpcMain, 'handle' | 'removeHandler'>;
  /** The window's webContents (or anything that sends like it). */
  target: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
  /** True only for frames of the app's own renderer (checked on every call). */
  isTrustedSender(frame: { url: string } | null | undefined): boolean;
  /** Push batching interval per channel (ms). Default 50. */
  batchMs?: number;
}

/**
 * Binds the handler table to Electron IPC: one invoke channel carrying (contract channel, request),
 * and batched pushes to the window on one push channel. Returns the unbind function.
 */
export function bindElectronIpc(table: HandlerTable, deps: ElectronIpcDeps): () => void {
  const { ipcMain, target, isTrustedSender } = deps;
  const batcher = new PushBatcher((channel, payload) => {
    // The window may be gone between the batch and the send (closed while a push was pending).
    if (!target.isDestroyed()) target.send(ELECTRON_PUSH_CHANNEL, channel, payload);
  }, deps.batchMs ?? 50);
  // The window is one connection with one lock level (it survives a reload); its changes go to this window only.
  const lock = new ConnectionLock({ settings: table.accessSettings ?? ACCESS_DEFAULTS, maxLevel: 'expert', onChange: (view) => batcher.push('access:level', view) });
  // Every Electron request comes from the station's own window (the sender check below): the audit log names it `desktop`.
  const caller = { client: 'desktop', lock };
  ipcMain.handle(ELECTRON_INVOKE_CHANNEL, (event, channel: unknown, request: unknown): Promise<Envelope<unknown>> | Envelope<unknown> => {
    // Only our own renderer may drive the station: a frame from anywhere else (an injected iframe, a navigated page) is refused.
    const frame = event.senderFrame;
    if (!isTrustedSender(frame)) {
      return { ok: false, error: { code: 'forbidden', message: `IPC refused: sender frame ${frame ? JSON.stringify(frame.url) : '(gone)'} is not the station's renderer` } };
    }
    return table.invoke(channel, request, caller);
  });
  const unsubscribe = table.onPush((channel, payload) => batcher.push(channel, payload));
  return () => {
    lock.close();
    unsubscribe();
    batcher.close();
    ipcMain.removeHandler(ELECTRON_INVOKE_CHANNEL);
  };
}
