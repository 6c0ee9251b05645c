import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PARAM } from '../../shared/ipc.js';

/** Name of the HttpOnly cookie a valid page load sets, so the page's assets and socket need no token in their URLs. */
export const TOKEN_COOKIE = 'station_token';

/** A fresh access token: 32 random bytes as hex, new on every start. */
export function createAccessToken(): string {
  return randomBytes(32).toString('hex');
}

/** How a request proved it holds the token, or null when it did not. */
export type TokenSource = 'query' | 'bearer' | 'cookie';

/** Finds the token in the query (`?token=`), an `Authorization: Bearer` header or the station cookie, and checks it in constant time. */
export function tokenSource(req: IncomingMessage, expected: string): TokenSource | null {
  const query = new URL(req.url ?? '/', 'http://station.invalid').searchParams.get(TOKEN_PARAM);
  if (query !== null && sameToken(query, expected)) return 'query';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (bearer && sameToken(bearer[1], expected)) return 'bearer';
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie !== null && sameToken(cookie, expected)) return 'cookie';
  return null;
}

/** The Set-Cookie value that lets the page's later requests (assets, WebSocket) through. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Reads one cookie from a Cookie header; null when absent. */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}

// Constant-time comparison so the token cannot be guessed byte by byte from response times.
function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
