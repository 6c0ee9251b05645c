import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerMatches, generateToken, readTokenFile } from '../../../../main/mcp/bearer-auth.js';

describe('bearer token', () => {
  const token = generateToken();

  it('generates 64 hex characters, different every time', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(generateToken()).not.toBe(token);
  });

  it('accepts exactly "Bearer <token>" (scheme case-insensitive)', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });

  it('rejects a missing header, another scheme, a wrong, shorter or longer token', () => {
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches('', token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Bearer ${generateToken()}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(1)}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token} extra`, token)).toBe(false);
  });

  it('reads a token file and refuses an empty or short one, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-token-'));
    const good = join(dir, 'good');
    writeFileSync(good, `${token}\nignored\n`);
    expect(readTokenFile(good)).toBe(token);
    const short = join(dir, 'short');
    writeFileSync(short, 'abc\n');
    expect(() => readTokenFile(short)).toThrow(`the MCP token file ${short} must hold a token of at least 16 characters`);
    expect(() => readTokenFile(join(dir, 'missing'))).toThrow(/cannot read the MCP token file .*missing/);
  });
});
