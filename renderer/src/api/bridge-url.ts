/** Where the headless station's WebSocket bridge lives, derived from the page's own address. */
import { BRIDGE_PATH, TOKEN_PARAM } from '../../../shared/ipc.js';

/** `ws(s)://<host>/bridge?token=<token>`; without a token in the page URL the server's cookie authenticates. */
export function bridgeUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(location.search).get(TOKEN_PARAM);
  const query = token ? `?${TOKEN_PARAM}=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}${BRIDGE_PATH}${query}`;
}
