/**
 * Schema of the audit log of user actions (migration 5): one row per audited request (op start/stop/abort,
 * testbed control, config saves, connection changes, alarm acknowledgements) with who, what, the outcome
 * and how long it took. Times are Unix ms. Rows are only ever appended.
 */
import type { Migration } from './migrations.js';

export const AUDIT_MIGRATION: Migration = {
  version: 5,
  name: 'the audit log of user actions',
  sql: `
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      time INTEGER NOT NULL,           -- when the request arrived
      user TEXT NOT NULL,              -- OS user of the station process
      client TEXT NOT NULL,            -- desktop, bridge <remote address>, station
      action TEXT NOT NULL,            -- the contract channel, e.g. op:start
      target TEXT NOT NULL,
      params TEXT NOT NULL,            -- JSON object, secrets removed
      ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
      error_code TEXT,
      message TEXT,
      result TEXT,                     -- JSON summary of the response, or NULL
      duration_ms INTEGER NOT NULL,
      CHECK ((ok = 1) = (error_code IS NULL))
    );
    CREATE INDEX audit_log_by_time ON audit_log(time);
    CREATE INDEX audit_log_by_action ON audit_log(action, id);
  `,
};
