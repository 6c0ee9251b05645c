import {
  ELECTRON_INVOKE_CHANNEL,
  ELECTRON_PUSH_CHANNEL,
  isInvokeChannel,
  isPushChannel,
  type Envelope,
  type StationApi,
} from '../shared/ipc.js';

/** The two ipcRenderer members the API needs (the real one in the preload, a fake in tests). */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * window.station: exactly the contract's StationApi over Electron IPC. Channel names are checked
 * here as well as in main, the envelope is unwrapped into a value or an Error, and the page never
 * sees ipcRenderer or an IPC event object.
 */
export function createStationApi(ipc: PreloadIpc): StationApi {
  return {
    async invoke(channel, request) {
      if (!isInvokeChannel(channel)) throw new Error(`unknown channel ${JSON.stringify(channel)}`);
      const envelope = (await ipc.invoke(ELECTRON_INVOKE_CHANNEL, channel, request)) as Envelope<never>;
      if (envelope.ok) return envelope.value;
      // contextBridge copies only an Error's message to the page, so the message alone must say what went wrong.
      throw new Error(envelope.error.message);
    },
    on(channel, listener) {
      if (!isPushChannel(channel)) throw new Error(`unknown push channel ${JSON.stringify(channel)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      const forward = (_event: unknown, pushed: unknown, payload: unknown) => {
        if (pushed === channel) (listener as (payload: unknown) => void)(payload);
      };
      ipc.on(ELECTRON_PUSH_CHANNEL, forward as (event: unknown, ...args: unknown[]) => void);
      return () => void ipc.removeListener(ELECTRON_PUSH_CHANNEL, forward as (event: unknown, ...args: unknown[]) => void);
    },
  };
}
