import type { ServerResponse } from 'node:http';

/**
 * The page may load scripts, styles and data only from its own origin and open WebSockets only to it.
 * The bridge's ws:// origin is named explicitly besides 'self' because older CSP engines do not let
 * 'self' cover ws: URLs.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const bridgeOrigin = host && /^[A-Za-z0-9.:[\]-]+$/.test(host) ? ` ws://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${bridgeOrigin}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers every response of the headless server carries. */
export function applySecurityHeaders(res: ServerResponse, host: string | undefined): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(host));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()');
}
