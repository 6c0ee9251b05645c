/** Picks the transport: the Electron preload's window.station when present, else the headless WebSocket bridge. */
import type { StationApi } from '../../../shared/ipc.js';
import { BridgeClient } from './bridge-client.js';
import { bridgeUrl } from './bridge-url.js';
import { ipcLink, type StationLink } from './link.js';

declare global {
  interface Window {
    /** Exposed by the preload script in the desktop app; absent in a browser. */
    station?: StationApi;
  }
}

/** Builds the link for this page. */
export function createLink(win: Window = window): StationLink {
  if (win.station) return ipcLink(win.station);
  return new BridgeClient({ url: bridgeUrl(win.location) });
}
