import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BRIDGE_PATH } from '../../shared/ipc.js';
import { requestAccess, tokenCookie, type AccessTokens } from './access-token.js';
import { errorPage, UNAUTHORIZED_PAGE } from './error-pages.js';
import { applySecurityHeaders } from './security-headers.js';
import type { MessageStream } from './sse/index.js';
import { contentTypeFor, resolveStaticPath } from './static-files.js';

export interface HttpHandlerOptions {
  /** The control token and the read-only viewer's token; either opens the page. */
  tokens: AccessTokens;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** The SSE message stream, served at its path with its own API-key auth instead of the page token. */
  messageStream?: MessageStream;
}

/** Serves the built renderer to holders of the token; everyone else gets the 401 page. */
export function createHttpHandler(options: HttpHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(req, res, options).catch((error: Error) => {
      options.log('error', `${req.method} ${req.url} failed: ${error.message}`);
      if (!res.headersSent) sendHtml(res, 500, errorPage(500, 'Internal Server Error', error.message));
      else res.destroy();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpHandlerOptions): Promise<void> {
  applySecurityHeaders(res, req.headers.host);
  const path = (req.url ?? '/').split('?')[0];
  // Before the page-token check: headless clients authenticate with an API key, not the page token.
  if (options.messageStream?.matches(path)) return options.messageStream.handle(req, res);
  const held = requestAccess(req, options.tokens);
  if (!held) return sendHtml(res, 401, UNAUTHORIZED_PAGE);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendHtml(res, 405, errorPage(405, 'Method Not Allowed', `${req.method} is not served here; the station's API is the WebSocket at ${BRIDGE_PATH}`));
  }
  if (path === BRIDGE_PATH) return sendHtml(res, 426, errorPage(426, 'Upgrade Required', `${BRIDGE_PATH} is the WebSocket bridge; connect with a WebSocket client`));
  const target = resolveStaticPath(options.rendererDir, path);
  if (target.kind === 'refused') return sendHtml(res, target.status, errorPage(target.status, target.status === 400 ? 'Bad Request' : 'Not Found', target.reason));
  if (target.kind === 'index') {
    const html = await readIndex(options.rendererDir);
    if (html === null) return sendHtml(res, 503, errorPage(503, 'Service Unavailable', 'The renderer is not built; run `npm run build` and restart `station serve`.'));
    // The cookie carries the token to the page's assets and bridge socket, so their URLs need not.
    // The token the page was opened with, so a read-only page stays read-only.
    res.setHeader('Set-Cookie', tokenCookie(held.token));
    return sendHtml(res, 200, html, req.method === 'HEAD');
  }
  const info = await stat(target.path).catch(() => null);
  if (!info?.isFile()) return sendHtml(res, 404, errorPage(404, 'Not Found', `no file ${path} in the renderer build`));
  res.writeHead(200, {
    'Content-Type': contentTypeFor(target.path),
    'Content-Length': info.size,
    // Vite names files under assets/ by content hash, so they never change; everything else is re-checked.
    'Cache-Control': target.immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(target.path)
    .on('error', (error) => {
      options.log('warn', `reading ${target.path}: ${error.message}`);
      res.destroy(error);
    })
    .pipe(res);
}

async function readIndex(rendererDir: string): Promise<string | null> {
  try {
    return await readFile(join(rendererDir, 'index.html'), 'utf8');
  } catch {
    return null;
  }
}

function sendHtml(res: ServerResponse, status: number, html: string, headOnly = false): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
  res.end(headOnly ? undefined : body);
}
