/**
 * Schema of operation history (agents × operations over time) (migration 7): one row per op-code
 * change of one operation of one agent as the station saw it (not one per heartbeat), plus one row per
 * (agent, op) ever seen, so a window's entering state is a point lookup per key, not a table scan.
 * Times are Unix seconds (as OCS puts them on the wire). Rows are only ever appended.
 */
import type { Migration } from './migrations.js';

export const OP_HISTORY_MIGRATION: Migration = {
  version: 7,
  name: 'operation history (agents × operations over time)',
  sql: `
    CREATE TABLE op_history (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      agent TEXT NOT NULL,             -- agent address, e.g. observatory.demo-hwp
      agent_class TEXT,
      op TEXT NOT NULL,
      code INTEGER NOT NULL,           -- OCS op code after the change (7 = agent expired)
      session_id INTEGER,              -- when known (the station's own op requests)
      status TEXT,                     -- session status if known, else the one the code implies
      started_at REAL,                 -- the session's start, when known
      ended_at REAL,                   -- the session's end, when known
      at REAL NOT NULL                 -- when the station saw the change
    );
    CREATE INDEX op_history_by_time ON op_history(at);
    CREATE INDEX op_history_by_key ON op_history(agent, op, at);
    CREATE INDEX op_history_by_class ON op_history(agent_class, at);
    CREATE TABLE op_history_keys (
      agent TEXT NOT NULL,
      op TEXT NOT NULL,
      agent_class TEXT,
      PRIMARY KEY (agent, op)
    ) WITHOUT ROWID;
  `,
};
