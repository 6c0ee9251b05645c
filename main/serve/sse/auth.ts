/** The stream's own authentication: `Authorization: Token <key>` against the store's API keys (spec §2.1, without sessions). */
import type { IncomingMessage } from 'node:http';
import type { ApiKeyStore } from '../../store/index.js';

/** Either the request may stream, or the status and DRF-style detail to refuse it with. */
export type StreamAuth = { ok: true } | { ok: false; status: 401 | 403; detail: string };

export const NOT_PROVIDED = 'Authentication credentials were not provided.';
export const REVOKED = 'API key revoked.';

/** Checks the request's `Authorization: Token <key>` header (scheme case-insensitive, as DRF). Query-string tokens are not read. */
export function authenticateStream(req: IncomingMessage, apiKeys: Pick<ApiKeyStore, 'verify'>): StreamAuth {
  const match = /^token\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!match) return { ok: false, status: 401, detail: NOT_PROVIDED };
  const verdict = apiKeys.verify(match[1]);
  if (verdict === 'ok') return { ok: true };
  return verdict === 'revoked' ? { ok: false, status: 403, detail: REVOKED } : { ok: false, status: 401, detail: NOT_PROVIDED };
}
