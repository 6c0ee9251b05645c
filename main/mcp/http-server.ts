/**
 * `station mcp --http`: the MCP server over streamable HTTP at `/mcp`, stateless (a fresh server and
 * transport per request, as the SDK's stateless example), every request behind the bearer token.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerMatches } from './bearer-auth.js';

/** Largest request body accepted (JSON-RPC calls are small; this stops memory abuse by a token holder). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MCP_PATH = '/mcp';

export interface McpHttpOptions {
  /** Builds the MCP server for one request (tools bound to the station's backend). */
  createServer: () => McpServer;
  token: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  onError?: (error: unknown) => void;
}

export interface McpHttpServer {
  /** `http://<host>:<port>/mcp` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts listening; resolves once bound. */
export async function startMcpHttpServer(options: McpHttpOptions): Promise<McpHttpServer> {
  const http = createServer((req, res) => {
    handle(req, res, options).catch((error) => {
      options.onError?.(error);
      if (!res.headersSent) sendJsonError(res, 500, -32603, 'internal server error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `http://${hostPart}:${port}${MCP_PATH}`, port, close: () => closeServer(http) };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: McpHttpOptions): Promise<void> {
  // The token guards everything, including the 404 for other paths, so nothing leaks without it.
  if (!bearerMatches(req.headers.authorization, options.token)) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="station-mcp"');
    return sendJsonError(res, 401, -32001, 'unauthorized: send Authorization: Bearer <token> (printed by `station mcp --http`)');
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== MCP_PATH) return sendJsonError(res, 404, -32601, `not found: the MCP endpoint is ${MCP_PATH}`);
  // Stateless server: no standalone SSE stream and no sessions to delete.
  if (req.method !== 'POST') return sendJsonError(res, 405, -32000, 'method not allowed: POST only (stateless server)');
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return sendJsonError(res, 413, -32600, `request body over ${MAX_BODY_BYTES} bytes`);
  const body = await readJsonBody(req);
  if (body === undefined) return sendJsonError(res, 400, -32700, `parse error: the body must be JSON of at most ${MAX_BODY_BYTES} bytes`);
  const server = options.createServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

/** The parsed JSON body, or undefined when it is too large or not JSON. */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function sendJsonError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function closeServer(http: Server): Promise<void> {
  return new Promise((resolve) => {
    http.close(() => resolve());
    http.closeAllConnections();
  });
}
