/**
 * Browser-origin policy for the WebSocket and HTTP endpoints. Non-browser peers (Python agents,
 * python-requests, autobahn in Node) send no Origin header and are always let in. Browsers are
 * let in from loopback pages (a locally served ocs-web) or from origins listed explicitly; this
 * keeps an arbitrary web page from driving agents through a router on the user's machine.
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    const { protocol, hostname } = new URL(origin);
    return (protocol === 'http:' || protocol === 'https:') && (hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]');
  } catch {
    return false;
  }
}
