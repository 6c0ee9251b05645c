import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { RouterAuthorization, type AuthorizationConfig } from './authorization.js';
import { HttpCallBridge, send } from './http-bridge.js';
import { originAllowed } from './origins.js';
import { Router, type Logger } from './router.js';
import { chooseSerializer, type Serializer } from './serializers.js';

export interface RouterOptions {
  /** Address to bind; loopback unless told otherwise. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 8001 (the OCS convention). */
  port?: number;
  realm?: string;
  /** Informational (reported by /info); OCS agents build their URIs from it. */
  addressRoot?: string;
  /** Largest accepted WebSocket message or /call body, in bytes. Default 16 MiB. */
  maxFrameBytes?: number;
  /** Browser origins allowed besides loopback pages ('*' for any). */
  allowedOrigins?: string[];
  /** Keepalive ping period; a peer silent for a whole period is disconnected. Default 10 s. */
  pingIntervalMs?: number;
  /** Per-peer send buffer above which a peer that does not read is disconnected. Default 64 MiB. */
  maxBufferedBytes?: number;
  /** Roles per URI prefix, ticket principals and the anonymous role (auth-config.ts); left out, every session has full access. */
  authorization?: AuthorizationConfig;
  log?: Logger;
}

export interface RouterHandle {
  readonly host: string;
  readonly port: number;
  readonly realm: string;
  readonly addressRoot: string;
  /** `ws://host:port/ws` */
  readonly wsUrl: string;
  /** `http://host:port/call` */
  readonly callUrl: string;
  readonly router: Router;
  /** Says GOODBYE to every session, then stops listening. */
  close(): Promise<void>;
}

export const DEFAULTS = { host: '127.0.0.1', port: 8001, realm: 'test_realm', addressRoot: 'observatory', maxFrameBytes: 16 * 1024 * 1024 } as const;

/** Starts the embedded WAMP router: WebSocket at /ws, HTTP caller bridge at /call and node info at /info, on one port. */
export async function startRouter(options: RouterOptions = {}): Promise<RouterHandle> {
  const host = options.host ?? DEFAULTS.host;
  const realm = options.realm ?? DEFAULTS.realm;
  const addressRoot = options.addressRoot ?? DEFAULTS.addressRoot;
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULTS.maxFrameBytes;
  const maxBufferedBytes = options.maxBufferedBytes ?? 64 * 1024 * 1024;
  const allowedOrigins = options.allowedOrigins ?? [];
  const pingIntervalMs = options.pingIntervalMs ?? 10_000;
  const log: Logger = options.log ?? (() => {});
  const router = new Router(realm, log, options.authorization ? new RouterAuthorization(options.authorization) : undefined);
  const bridge = new HttpCallBridge(router, maxFrameBytes);
  const startedAt = Date.now();
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes, perMessageDeflate: false, clientTracking: true });

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (!originAllowed(req.headers.origin, allowedOrigins)) return send(res, 403, { error: `origin ${req.headers.origin} is not allowed`, args: [], kwargs: {} });
    if (path === '/call') {
      bridge.handle(req, res).catch((error) => {
        log('error', `/call failed: ${(error as Error).message}`);
        send(res, 500, { error: 'wamp.error.runtime_error', args: [String(error)], kwargs: {} });
      });
      return;
    }
    if (path === '/info' && req.method === 'GET') {
      return send(res, 200, {
        router: 'control-station',
        realm,
        address_root: addressRoot,
        sessions: router.sessionCount,
        registrations: router.dealer.counts.registrations,
        subscriptions: router.broker.subscriptionCount,
        uptime_s: (Date.now() - startedAt) / 1000,
      });
    }
    if (path === '/ws') return send(res, 426, { error: 'WebSocket upgrade required (WAMP subprotocol wamp.2.json or wamp.2.msgpack)', args: [], kwargs: {} });
    send(res, 404, { error: `no such path ${path} (try /ws, /call or /info)`, args: [], kwargs: {} });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`);
    };
    if ((req.url ?? '').split('?')[0] !== '/ws') return refuse(404, `no WebSocket endpoint at ${req.url}; use /ws`);
    if (!originAllowed(req.headers.origin, allowedOrigins)) return refuse(403, `origin ${req.headers.origin} is not allowed`);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const serializer = chooseSerializer(offered);
    if (!serializer) return refuse(400, `no supported WAMP subprotocol offered (${offered.join(', ') || 'none'}); this router speaks wamp.2.json and wamp.2.msgpack`);
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, serializer, `${req.socket.remoteAddress}:${req.socket.remotePort}`));
  });

  /** Binds one WebSocket to a router session. */
  function attach(ws: WebSocket, serializer: Serializer, label: string): void {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    const session = router.open({
      label,
      send(message) {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > maxBufferedBytes) {
          log('warn', `peer ${label} is not reading (over ${maxBufferedBytes} bytes queued); disconnecting it`);
          ws.close(1008, 'peer is not reading its messages');
          return;
        }
        ws.send(serializer.encode(message), { binary: serializer.binary });
      },
      close(code, reason) {
        ws.close(code, reason);
      },
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      let decoded: unknown;
      try {
        if (serializer.binary !== isBinary) throw new Error(`${isBinary ? 'binary' : 'text'} frame on a ${serializer.protocol} session`);
        decoded = serializer.decode(data);
      } catch (error) {
        session.abort('wamp.error.protocol_violation', (error as Error).message);
        return;
      }
      try {
        session.receive(decoded);
      } catch (error) {
        // A router bug must cost one session, never the process or the other sessions.
        log('error', `internal error handling a frame from ${label}: ${(error as Error).stack}`);
        session.abort('wamp.error.runtime_error', `internal router error: ${(error as Error).message}`);
      }
    });
    ws.on('error', (error) => log('warn', `WebSocket from ${label}: ${error.message}`));
    ws.on('close', () => session.closed());
  }

  // Ping every interval, like crossbar's auto_ping; a peer that has not answered the previous ping is cut off.
  const alive = new WeakSet<WebSocket>();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        log('warn', 'peer did not answer the last ping; closing its connection');
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, pingIntervalMs);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULTS.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    host,
    port,
    realm,
    addressRoot,
    wsUrl: `ws://${urlHost}:${port}/ws`,
    callUrl: `http://${urlHost}:${port}/call`,
    router,
    async close() {
      clearInterval(pinger);
      router.shutdown();
      // Give peers a moment to complete the close handshake after GOODBYE, then cut the rest.
      const deadline = Date.now() + 500;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
