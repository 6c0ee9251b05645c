/** The renderer's link to main: the API plus whether it is up (the headless bridge can drop; Electron IPC cannot). */
import type { StationApi } from '../../../shared/ipc.js';

export type LinkState =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'reconnecting'; attempt: number; reason: string };

export interface StationLink {
  readonly api: StationApi;
  state(): LinkState;
  /** Called on every state change; a change to `connected` after a drop means stores should refresh. Returns unsubscribe. */
  onState(listener: (state: LinkState) => void): () => void;
  close(): void;
}

/** Electron: window.station is always there, so the link is always up. */
export function ipcLink(api: StationApi): StationLink {
  return { api, state: () => ({ status: 'connected' }), onState: () => () => undefined, close: () => undefined };
}
