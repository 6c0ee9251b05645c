import { extname, join, resolve, sep } from 'node:path';

/** What a URL path of the renderer maps to. */
export type StaticTarget =
  | { kind: 'file'; path: string; immutable: boolean }
  /** A page route of the single-page app: answer with index.html. */
  | { kind: 'index' }
  | { kind: 'refused'; status: 400 | 404; reason: string };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content type by file extension; unknown kinds are sent as opaque bytes (and never sniffed: nosniff). */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path onto a file under `rootDir`. Assets (anything under /assets/, or with a known file
 * extension) are the file or 404; other paths are app routes and get index.html. `..`, NUL bytes, backslashes and bad
 * percent-encoding are refused before touching the file system.
 */
export function resolveStaticPath(rootDir: string, urlPath: string): StaticTarget {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused', status: 400, reason: `malformed percent-encoding in ${JSON.stringify(urlPath)}` };
  }
  if (!decoded.startsWith('/')) return { kind: 'refused', status: 400, reason: 'the path must start with /' };
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', status: 400, reason: 'NUL bytes and backslashes are not allowed in paths' };
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((segment) => segment === '..' || segment === '.')) return { kind: 'refused', status: 400, reason: 'path traversal (. or .. segments) refused' };
  if (segments.some((segment) => segment.startsWith('.'))) return { kind: 'refused', status: 404, reason: 'hidden files are not served' };
  if (segments.length === 0 || decoded === '/index.html') return { kind: 'index' };
  // Agent addresses contain dots (observatory.registry), so only known file kinds count as assets.
  const isAsset = segments[0] === 'assets' || Object.hasOwn(CONTENT_TYPES, extname(segments[segments.length - 1]).toLowerCase());
  if (!isAsset) return { kind: 'index' };
  const root = resolve(rootDir);
  const path = join(root, ...segments);
  // Belt and braces: whatever the checks above missed, never leave the renderer directory.
  if (!path.startsWith(root + sep)) return { kind: 'refused', status: 400, reason: 'path outside the renderer directory refused' };
  return { kind: 'file', path, immutable: segments[0] === 'assets' };
}
