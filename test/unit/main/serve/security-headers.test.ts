import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { applySecurityHeaders, contentSecurityPolicy } from '../../../../main/serve/security-headers.js';

describe('security headers', () => {
  it('keeps everything on the page\'s own origin and names the bridge', () => {
    const csp = contentSecurityPolicy('127.0.0.1:8765');
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:8765");
    expect(csp).not.toContain('unsafe');
  });

  it('never reflects a Host header it does not trust into the policy', () => {
    expect(contentSecurityPolicy('evil; script-src *')).toContain("connect-src 'self';");
    expect(contentSecurityPolicy(undefined)).toContain("connect-src 'self';");
  });

  it('sets nosniff, no-referrer and frame denial on a response', () => {
    const headers = new Map<string, string>();
    applySecurityHeaders({ setHeader: (name: string, value: string) => headers.set(name, value) } as unknown as ServerResponse, 'localhost:1');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(headers.get('X-Frame-Options')).toBe('DENY');
    expect(headers.get('Content-Security-Policy')).toContain('ws://localhost:1');
  });
});
