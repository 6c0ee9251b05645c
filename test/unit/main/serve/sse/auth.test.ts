import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticateStream } from '../../../../../main/serve/sse/auth.js';
import { openStationStore, type StationStore } from '../../../../../main/store/index.js';

let dir: string;
let store: StationStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-keys-'));
  store = openStationStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe('store.apiKeys', () => {
  it('creates 64-hex keys, stores only their sha256, lists and revokes by name or id', () => {
    const a = store.apiKeys.create('receiver');
    const b = store.apiKeys.create('second');
    expect(a.key).toMatch(/^[0-9a-f]{64}$/);
    expect(store.apiKeys.list().map((key) => [key.id, key.name, key.revokedAt])).toEqual([[a.id, 'receiver', null], [b.id, 'second', null]]);
    expect(() => store.apiKeys.create('receiver')).toThrow(/exists already/);
    expect(store.apiKeys.verify(a.key)).toBe('ok');
    expect(store.apiKeys.verify('f'.repeat(64))).toBe('unknown');
    expect(store.apiKeys.revoke('receiver')?.revokedAt).toEqual(expect.any(Number));
    expect(store.apiKeys.revoke(String(b.id))?.name).toBe('second');
    expect(store.apiKeys.revoke('nobody')).toBeNull();
    expect(store.apiKeys.verify(a.key)).toBe('revoked');
    const db = new Database(store.path, { readonly: true });
    const text = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
    db.close();
    expect(text).not.toContain(a.key);
  });
});

describe('authenticateStream', () => {
  it('accepts a live key, refuses missing, malformed and unknown ones with 401 and a revoked one with 403', () => {
    const { key } = store.apiKeys.create('k');
    expect(authenticateStream(request(`Token ${key}`), store.apiKeys)).toEqual({ ok: true });
    expect(authenticateStream(request(`token ${key}`), store.apiKeys)).toEqual({ ok: true });
    for (const header of [undefined, '', `Bearer ${key}`, 'Token', `Token ${'0'.repeat(64)}`]) {
      expect(authenticateStream(request(header), store.apiKeys), String(header)).toEqual({ ok: false, status: 401, detail: 'Authentication credentials were not provided.' });
    }
    store.apiKeys.revoke('k');
    expect(authenticateStream(request(`Token ${key}`), store.apiKeys)).toEqual({ ok: false, status: 403, detail: 'API key revoked.' });
  });
});
