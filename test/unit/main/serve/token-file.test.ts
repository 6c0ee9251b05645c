import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateTokens, TOKEN_FILE_NAME, tokenFileProblem } from '../../../../main/serve/token-file.js';

const dir = mkdtempSync(join(tmpdir(), 'station-token-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve token file', () => {
  it('creates the file owner-only, keeps the tokens on the next load and replaces them when rotating', () => {
    const created = loadOrCreateTokens(dir);
    expect(created.origin).toBe('created');
    expect(created.tokens.control).toMatch(/^[0-9a-f]{64}$/);
    expect(created.tokens.readOnly).not.toBe(created.tokens.control);
    expect(statSync(join(dir, TOKEN_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateTokens(dir)).toMatchObject({ origin: 'kept', tokens: created.tokens });
    const rotated = loadOrCreateTokens(dir, true);
    expect(rotated.origin).toBe('rotated');
    expect(rotated.tokens.control).not.toBe(created.tokens.control);
    expect(loadOrCreateTokens(dir).tokens).toEqual(rotated.tokens);
    // Written through a temporary file that does not stay behind.
    expect(readdirSync(dir)).toEqual([TOKEN_FILE_NAME]);
  });

  it('names what is wrong with a malformed file and replaces it with a warning', () => {
    const hex = 'a'.repeat(64);
    expect(tokenFileProblem('{')).toBe('is not valid JSON');
    expect(tokenFileProblem('[]')).toBe('is not a JSON object');
    expect(tokenFileProblem(JSON.stringify({ control: 'short', readOnly: hex }))).toBe('has no "control" token (64 hex digits)');
    expect(tokenFileProblem(JSON.stringify({ control: hex }))).toBe('has no "readOnly" token (64 hex digits)');
    expect(tokenFileProblem(JSON.stringify({ control: hex, readOnly: hex }))).toBe('has the same token for control and read-only');
    writeFileSync(join(dir, TOKEN_FILE_NAME), '[]', { mode: 0o600 });
    const replaced = loadOrCreateTokens(dir);
    expect(replaced.origin).toBe('replaced');
    expect(replaced.warning).toBe(`${join(dir, TOKEN_FILE_NAME)} is not a JSON object; made new tokens (URLs opened before stop working)`);
    expect(tokenFileProblem(JSON.stringify(replaced.tokens))).toBeNull();
  });
});
