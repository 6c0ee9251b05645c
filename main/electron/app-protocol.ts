import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Electron from 'electron';
import { contentTypeFor, resolveStaticPath } from '../serve/static-files.js';

/**
 * The desktop renderer is served from `app://station/` rather than file://: a real origin that
 * nothing else shares, so the IPC gatekeeper can tell our pages from anything else, and the CSP
 * comes as a response header on every page.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Registered before app 'ready': a standard, secure scheme (module scripts, fetch) that does not bypass CSP. */
export const APP_SCHEME_PRIVILEGES: Electron.CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

/** Everything comes from the app itself; the renderer talks to main only through window.station. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Only accept IPC from frames showing our own renderer (not a navigated, injected or foreign frame). */
export function isTrustedAppFrame(frame: { url: string } | null | undefined): boolean {
  if (!frame || typeof frame.url !== 'string') return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The `app:` protocol handler: files of the built renderer, with the CSP; anything else is refused. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return textResponse(404, `unknown host ${url.host}`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, `${request.method} is not served`);
    const target = resolveStaticPath(rendererDir, url.pathname);
    if (target.kind === 'refused') return textResponse(target.status, target.reason);
    const path = target.kind === 'index' ? join(rendererDir, 'index.html') : target.path;
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      return textResponse(404, `no file ${url.pathname} in the renderer build`);
    }
    return new Response(new Uint8Array(body), { status: 200, headers: { ...baseHeaders(), 'Content-Type': contentTypeFor(path) } });
  };
}

function baseHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
}

function textResponse(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}
