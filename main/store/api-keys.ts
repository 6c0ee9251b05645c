/**
 * API keys (`store.apiKeys`): named secrets headless clients send as `Authorization: Token <key>`.
 * A key is 32 random bytes as hex, returned once by `create`; the table keeps only its sha256.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';

/** A stored key, without the secret. Times are Unix ms. */
export interface ApiKeyRecord {
  id: number;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

/** What `create` returns: the only time the key itself is available. */
export interface CreatedApiKey {
  id: number;
  name: string;
  key: string;
}

/** Result of checking a presented key. */
export type ApiKeyVerdict = 'ok' | 'revoked' | 'unknown';

export interface ApiKeyStore {
  /** Creates a key named `name` (unique, non-empty). Throws when the name is taken. */
  create(name: string): CreatedApiKey;
  /** Every key, by id. */
  list(): ApiKeyRecord[];
  /** Revokes the key with this name, or this id when given a number or a decimal string no name matches. Returns it, or null when there is none; revoking twice keeps the first time. */
  revoke(idOrName: string | number): ApiKeyRecord | null;
  /** Whether `key` is a live key, a revoked one, or unknown. */
  verify(key: string): ApiKeyVerdict;
}

interface ApiKeyRow {
  id: number;
  name: string;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The API key table's accessors over an open, migrated store. */
export function createApiKeyStore(db: Database.Database, clock: () => number = Date.now): ApiKeyStore {
  const statements = {
    insert: db.prepare<[string, string, number]>('INSERT INTO api_keys (name, key_hash, created_at) VALUES (?, ?, ?)'),
    list: db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY id'),
    byName: db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE name = ?'),
    byId: db.prepare<[number], ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?'),
    byHash: db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE key_hash = ?'),
    revoke: db.prepare<[number, number]>('UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?'),
  };
  return {
    create(name) {
      const trimmed = name.trim();
      if (trimmed === '') throw new Error('an API key needs a non-empty name');
      if (statements.byName.get(trimmed)) throw new Error(`an API key named "${trimmed}" exists already`);
      const key = randomBytes(32).toString('hex');
      const info = statements.insert.run(trimmed, sha256(key), clock());
      return { id: Number(info.lastInsertRowid), name: trimmed, key };
    },
    list: () => statements.list.all().map(toRecord),
    revoke(idOrName) {
      const row =
        typeof idOrName === 'number'
          ? statements.byId.get(idOrName)
          : (statements.byName.get(idOrName) ?? (/^\d+$/.test(idOrName) ? statements.byId.get(Number(idOrName)) : undefined));
      if (!row) return null;
      statements.revoke.run(clock(), row.id);
      return toRecord(statements.byId.get(row.id)!);
    },
    verify(key) {
      const presented = sha256(key);
      // The lookup is by hash (an index), so timing reveals nothing about the key; the compare is constant-time anyway.
      const row = statements.byHash.get(presented);
      if (!row || !timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(presented, 'hex'))) return 'unknown';
      return row.revoked_at === null ? 'ok' : 'revoked';
    },
  };
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at, revokedAt: row.revoked_at };
}
