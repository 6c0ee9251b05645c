import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { BRIDGE_PATH } from '../../shared/ipc.js';
import type { Access } from '../../shared/access.js';
import { requestAccess, type AccessTokens } from './access-token.js';

const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

/** Why an upgrade request may not open the bridge (status, reason), or the access its token grants. */
export function refuseBridgeUpgrade(req: IncomingMessage, tokens: AccessTokens): { status: 401 | 403 | 404; reason: string } | { access: Access } {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== BRIDGE_PATH) return { status: 404, reason: `no WebSocket endpoint at ${path}; the bridge is ${BRIDGE_PATH}` };
  const held = requestAccess(req, tokens);
  if (!held) return { status: 401, reason: 'missing or wrong access token' };
  // Browsers always send Origin on WebSocket upgrades: only the station's own page may open the bridge
  // (no cross-site socket hijacking). Tools without a browser send none and are let in on the token alone.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host}`) {
    return { status: 403, reason: `origin ${origin} is not this station's page (http://${req.headers.host})` };
  }
  return { access: held.access };
}

/** Handles an HTTP upgrade: refuses with a plain HTTP status, or completes the handshake and hands the socket on. */
export function handleBridgeUpgrade(
  wss: WebSocketServer,
  tokens: AccessTokens,
  onSocket: (socket: WebSocket, access: Access) => void,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const refusal = refuseBridgeUpgrade(req, tokens);
    if ('status' in refusal) {
      const body = `${refusal.reason}\n`;
      socket.end(
        `HTTP/1.1 ${refusal.status} ${REASONS[refusal.status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, refusal.access));
  };
}
