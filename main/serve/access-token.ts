import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Access } from '../../shared/access.js';
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
  const [query, bearer, cookie] = presentedTokens(req);
  if (query !== null && sameToken(query, expected)) return 'query';
  if (bearer !== null && sameToken(bearer, expected)) return 'bearer';
  if (cookie !== null && sameToken(cookie, expected)) return 'cookie';
  return null;
}

/** The tokens a request presents, in the order they are trusted: `?token=`, `Authorization: Bearer`, the cookie. */
function presentedTokens(req: IncomingMessage): [string | null, string | null, string | null] {
  return [
    new URL(req.url ?? '/', 'http://station.invalid').searchParams.get(TOKEN_PARAM),
    /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? null,
    cookieValue(req.headers.cookie, TOKEN_COOKIE),
  ];
}

/** The two tokens of a headless station: one controls it, the other only views it. */
export interface AccessTokens {
  control: string;
  readOnly: string;
}

/** A request's access and the token that proved it, or null when it holds neither token. */
export interface RequestAccess {
  access: Access;
  token: string;
}

/**
 * Which token a request holds, looking where tokenSource looks and in the same order (query, bearer,
 * cookie), so a read-only `?token=` is not upgraded by a control cookie left from an earlier page load.
 */
export function requestAccess(req: IncomingMessage, tokens: AccessTokens): RequestAccess | null {
  for (const given of presentedTokens(req)) {
    if (given === null) continue;
    if (sameToken(given, tokens.control)) return { access: 'control', token: tokens.control };
    if (sameToken(given, tokens.readOnly)) return { access: 'read-only', token: tokens.readOnly };
  }
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
