import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticPath } from '../../../../main/serve/static-files.js';

const root = resolve('/srv/renderer');

describe('resolveStaticPath', () => {
  it('maps assets to files under the root, hashed assets marked immutable', () => {
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'index-abc.js'), immutable: true });
    expect(resolveStaticPath(root, '/favicon.png')).toEqual({ kind: 'file', path: join(root, 'favicon.png'), immutable: false });
    expect(resolveStaticPath(root, '/assets/a%20b.css')).toEqual({ kind: 'file', path: join(root, 'assets', 'a b.css'), immutable: true });
  });

  it('answers index.html for the root and for extension-less app routes', () => {
    for (const path of ['/', '/index.html', '/registry', '/agent/observatory.fake1', '/agent/observatory.fake1/']) {
      expect(resolveStaticPath(root, path), path).toEqual({ kind: 'index' });
    }
  });

  it('treats anything under /assets/ as an asset, whatever its extension', () => {
    expect(resolveStaticPath(root, '/assets/chunk')).toEqual({ kind: 'file', path: join(root, 'assets', 'chunk'), immutable: true });
  });

  it('refuses traversal, NUL bytes, backslashes, bad encoding and hidden files', () => {
    expect(resolveStaticPath(root, '/../etc/passwd')).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveStaticPath(root, '/assets/%2e%2e/%2e%2e/etc/passwd')).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveStaticPath(root, '/./index.html')).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveStaticPath(root, '/a%00.js')).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveStaticPath(root, '/..%5c..%5cetc.txt')).toMatchObject({ kind: 'refused', status: 400 });
    expect(resolveStaticPath(root, '/%E0%A4%A')).toMatchObject({ kind: 'refused', status: 400, reason: expect.stringContaining('percent-encoding') });
    expect(resolveStaticPath(root, '/.env')).toMatchObject({ kind: 'refused', status: 404 });
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer build\'s file kinds and falls back to opaque bytes', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('x.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('x.exe')).toBe('application/octet-stream');
  });
});
