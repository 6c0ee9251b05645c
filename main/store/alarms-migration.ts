/**
 * Schema of the alarms (migration 6): the user's rule settings (over the defaults in shared/alarms.ts)
 * and one row per alarm, active ones (finished_at NULL) and their history. Times are Unix ms.
 */
import type { Migration } from './migrations.js';

export const ALARMS_MIGRATION: Migration = {
  version: 6,
  name: 'alarm rules, active alarms and their history',
  sql: `
    CREATE TABLE alarm_rules (
      id TEXT PRIMARY KEY,             -- a rule id of shared/alarms.ts
      enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
      delay_ms INTEGER NOT NULL CHECK (delay_ms >= 0),
      latch INTEGER NOT NULL CHECK (latch IN (0, 1)),
      threshold REAL,
      guidance TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE alarm_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      rule_id TEXT NOT NULL,
      subject TEXT NOT NULL,           -- agent address, "address op", program name, run
      title TEXT NOT NULL,
      detail TEXT NOT NULL,
      guidance TEXT NOT NULL,          -- the rule's guidance when it was raised
      latched INTEGER NOT NULL CHECK (latched IN (0, 1)),
      raised_at INTEGER NOT NULL,
      cleared_at INTEGER,              -- the condition went away
      acked_at INTEGER,
      acked_by TEXT,
      finished_at INTEGER,             -- left the active list; NULL while active
      CHECK ((acked_at IS NULL) = (acked_by IS NULL))
    );
    CREATE INDEX alarm_events_active ON alarm_events(finished_at) WHERE finished_at IS NULL;
    CREATE INDEX alarm_events_by_finish ON alarm_events(finished_at, id);
  `,
};
