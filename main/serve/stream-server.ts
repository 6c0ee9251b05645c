/**
 * The message stream on its own small HTTP listener, for the desktop station (which has no HTTP server):
 * it serves `GET /api/messages/stream/` only, with the stream's API-key auth; every other path is a JSON 404.
 * `station serve` mounts the same stream on its own server instead.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { urlHost } from './loopback.js';
import { applySecurityHeaders } from './security-headers.js';
import { createMessageStream, MESSAGE_STREAM_PATH, type MessageStreamOptions } from './sse/index.js';

export interface StreamServerOptions extends Omit<MessageStreamOptions, 'log'> {
  /** Address to bind (station.toml `[stream] host`, default 127.0.0.1). */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface StreamServer {
  /** `http://host:port/api/messages/stream/`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Ends every open stream and stops listening. */
  close(): Promise<void>;
}

/** Starts the listener; rejects (nothing left listening) when the address cannot be bound, e.g. EADDRINUSE. */
export async function startStreamServer(options: StreamServerOptions): Promise<StreamServer> {
  const { host, port: requested, log, ...streamOptions } = options;
  const stream = createMessageStream({ ...streamOptions, log });
  const server = createServer((req, res) => {
    applySecurityHeaders(res, req.headers.host);
    const path = (req.url ?? '/').split('?')[0];
    if (stream.matches(path)) return stream.handle(req, res);
    const body = JSON.stringify({ detail: `Not found: this listener serves only ${MESSAGE_STREAM_PATH}` });
    res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(body);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(requested, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    stream.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${port}${MESSAGE_STREAM_PATH}`,
    host,
    port,
    async close() {
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
