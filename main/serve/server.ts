import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { TOKEN_PARAM } from '../../shared/ipc.js';
import type { HandlerTable } from '../ipc/handler-table.js';
import { attachBridgeSocket } from '../ipc/ws-binding.js';
import { createAccessToken, type AccessTokens } from './access-token.js';
import { handleBridgeUpgrade } from './bridge-upgrade.js';
import { createHttpHandler } from './http-handler.js';
import { urlHost } from './loopback.js';
import { createMessageStream, type MessageStreamOptions } from './sse/index.js';

export interface HeadlessServerOptions {
  /** Address to bind (the caller decides; `station serve` defaults to 127.0.0.1). */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  table: HandlerTable;
  /** The built renderer directory (out/renderer). */
  rendererDir: string;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Largest bridge message accepted from a browser, in bytes. Default 1 MiB. */
  maxPayload?: number;
  /** Push batching period of the bridge (default: the binding's ~50 ms). */
  batchMs?: number;
  /** Unsent bytes a bridge viewer may accumulate before it is dropped as too slow (default the binding's 16 MiB). */
  maxViewerBufferedBytes?: number;
  /** Serves `GET /api/messages/stream/` (SSE of recorded testbed messages, API-key auth) from this store; left out, the path is a page like any other. */
  messageStream?: Omit<MessageStreamOptions, 'log'>;
  /** The control and read-only tokens (`station serve` keeps them in the data dir); left out, fresh ones for this start. */
  tokens?: AccessTokens;
}

export interface HeadlessServer {
  /** `http://host:port/?token=…`: the URL that opens the station with control. */
  readonly url: string;
  readonly token: string;
  /** `http://host:port/?token=…` with the viewer token: the same UI, query channels only (shared/access.ts). */
  readonly readOnlyUrl: string;
  readonly readOnlyToken: string;
  readonly port: number;
  /** Closes every bridge socket and stops listening. */
  close(): Promise<void>;
}

/** Starts the headless station's HTTP server: the renderer for token holders, and the WebSocket bridge to the handler table. */
export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const log = options.log ?? (() => {});
  const tokens = options.tokens ?? { control: createAccessToken(), readOnly: createAccessToken() };
  const { control: token, readOnly: readOnlyToken } = tokens;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 1024 * 1024, perMessageDeflate: false });
  const messageStream = options.messageStream ? createMessageStream({ ...options.messageStream, log }) : undefined;
  const server = createServer(createHttpHandler({ tokens, rendererDir: options.rendererDir, log, messageStream }));
  server.on(
    'upgrade',
    handleBridgeUpgrade(wss, tokens, (socket, access) => {
      socket.on('error', (error) => log('warn', `bridge socket: ${error.message}`));
      attachBridgeSocket(options.table, socket, {
        access,
        ...(options.batchMs === undefined ? {} : { batchMs: options.batchMs }),
        ...(options.maxViewerBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxViewerBufferedBytes }),
        onSlowDrop: (bytes) => log('warn', `bridge viewer too slow: dropped with ${bytes} bytes unsent`),
      });
    }),
  );
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} on ${options.host} is in use; pick another with --port (0 picks a free one)`) : error),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${urlHost(options.host)}:${port}/?${TOKEN_PARAM}=`;
  return {
    url: `${base}${token}`,
    token,
    readOnlyUrl: `${base}${readOnlyToken}`,
    readOnlyToken,
    port,
    async close() {
      for (const socket of wss.clients) socket.close(1001, 'station shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of wss.clients) socket.terminate();
      messageStream?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
