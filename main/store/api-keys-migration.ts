/**
 * Schema of the API keys (migration 4): named keys for headless HTTP clients such as the SSE message
 * stream. Only a key's sha256 is stored; the key itself is shown once, when it is created. Times are Unix ms.
 */
import type { Migration } from './migrations.js';

export const API_KEYS_MIGRATION: Migration = {
  version: 4,
  name: 'API keys for headless clients',
  sql: `
    CREATE TABLE api_keys (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL UNIQUE,
      key_hash TEXT NOT NULL UNIQUE,   -- sha256 hex of the key; the key itself is never stored
      created_at INTEGER NOT NULL,
      revoked_at INTEGER
    );
  `,
};
