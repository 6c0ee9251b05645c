import { describe, expect, it } from 'vitest';
import html from '../../../renderer/index.html?raw';
import css from '../../../renderer/src/styles/theme.css?raw';

describe('renderer/index.html', () => {
  it('carries the strict CSP: self only, no inline script or style, no objects, no base or form targets', () => {
    const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBe("default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('has no inline script, inline style or remote resource', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.\/src\/main\.tsx"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('the theme loads nothing remote', () => {
    expect(css).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//);
  });
});
