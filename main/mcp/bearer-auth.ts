/** The bearer token of `station mcp --http`: generated per start (or read from a file) and checked in constant time. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A new random token: 32 bytes as hex. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/** Reads a token file (first line, trimmed); refuses an empty or short token with the file's name. */
export function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the MCP token file ${path}: ${(error as Error).message}`);
  }
  const token = text.split('\n')[0].trim();
  if (token.length < 16) throw new Error(`the MCP token file ${path} must hold a token of at least 16 characters on its first line`);
  return token;
}

/**
 * True when `authorization` is exactly `Bearer <token>`. Both sides are hashed first so the comparison
 * takes the same time whatever the length or content of the guess.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(authorization?.trim() ?? '');
  const given = createHash('sha256').update(match?.[1] ?? '').digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected) && match !== null;
}
