/**
 * The headless station's access tokens, kept in the data directory so a restarted `station serve`
 * accepts the URLs (and the cookies of open pages) it handed out before; `--new-tokens` rotates them.
 */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createAccessToken, type AccessTokens } from './access-token.js';

/** File name under the data directory. */
export const TOKEN_FILE_NAME = 'serve-tokens.json';

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

export interface LoadedTokens {
  tokens: AccessTokens;
  path: string;
  /** 'kept': read from the file; 'created': no file yet; 'rotated': --new-tokens; 'replaced': the file was unusable (see warning). */
  origin: 'kept' | 'created' | 'rotated' | 'replaced';
  /** Set when the file was unusable or too open; the caller prints it. */
  warning?: string;
}

/** Reads the tokens from `<dataDir>/serve-tokens.json`, or makes and saves new ones (always when `rotate`). */
export function loadOrCreateTokens(dataDir: string, rotate = false): LoadedTokens {
  const path = join(dataDir, TOKEN_FILE_NAME);
  if (rotate) return { tokens: saveNewTokens(path), path, origin: 'rotated' };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${path}: ${(error as Error).message}`);
    return { tokens: saveNewTokens(path), path, origin: 'created' };
  }
  const problem = tokenFileProblem(text);
  // The old URLs cannot be recovered from a broken file: new tokens are the only way forward, so say so and go on.
  if (problem) return { tokens: saveNewTokens(path), path, origin: 'replaced', warning: `${path} ${problem}; made new tokens (URLs opened before stop working)` };
  const tokens = JSON.parse(text) as AccessTokens;
  const warning = tightenMode(path);
  return { tokens: { control: tokens.control, readOnly: tokens.readOnly }, path, origin: 'kept', ...(warning ? { warning } : {}) };
}

/** Why `text` is not a token file, or null when it is one. */
export function tokenFileProblem(text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object';
  const { control, readOnly } = value as Record<string, unknown>;
  if (typeof control !== 'string' || !TOKEN_PATTERN.test(control)) return 'has no "control" token (64 hex digits)';
  if (typeof readOnly !== 'string' || !TOKEN_PATTERN.test(readOnly)) return 'has no "readOnly" token (64 hex digits)';
  if (control === readOnly) return 'has the same token for control and read-only';
  return null;
}

function saveNewTokens(path: string): AccessTokens {
  const tokens = { control: createAccessToken(), readOnly: createAccessToken() };
  writePrivateFileAtomically(path, `${JSON.stringify(tokens, null, 2)}\n`);
  return tokens;
}

/** Owner-only from the first byte (0600), flushed, then renamed over the old file: a crash leaves the old file or the new one. */
function writePrivateFileAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  // A leftover with this name would keep its own mode through open(): start from nothing.
  rmSync(temporary, { force: true });
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** A token file readable by others (copied, restored from a backup) is set back to 0600. */
function tightenMode(path: string): string | null {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  chmodSync(path, 0o600);
  return `${path} was readable by others (mode ${mode.toString(8)}); set it to 600`;
}
