/**
 * Schema of the fast-monitoring tables (migration 3): the TF subsamples the fast-monitoring agent
 * records per STF file, and the continuous-mode watcher's ledger of files it has handled. Times are Unix ms.
 */
import type { Migration } from './migrations.js';

export const FASTMON_MIGRATION: Migration = {
  version: 3,
  name: 'fast monitoring: TF subsample files, watcher ledger',
  sql: `
    CREATE TABLE fastmon_tf_files (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      tf_filename TEXT NOT NULL UNIQUE,  -- the dedupe key: a re-sampled STF inserts nothing twice
      stf_filename TEXT NOT NULL,        -- no foreign key, as testbed_stf_files.run_number: rows are matched by name
      run_number INTEGER NOT NULL,
      execution_id TEXT,
      namespace TEXT,
      sequence_number INTEGER NOT NULL,
      tf_first INTEGER NOT NULL,
      tf_last INTEGER NOT NULL,
      tf_count INTEGER NOT NULL,
      size_bytes INTEGER,                -- NULL when unknown
      status TEXT NOT NULL DEFAULT 'registered',
      agent_name TEXT NOT NULL,
      metadata TEXT NOT NULL,            -- JSON object
      created_at INTEGER NOT NULL,
      CHECK (tf_last >= tf_first AND tf_count = tf_last - tf_first + 1)
    );
    CREATE INDEX fastmon_tf_files_by_run ON fastmon_tf_files(run_number, id);
    CREATE INDEX fastmon_tf_files_by_stf ON fastmon_tf_files(stf_filename);
    CREATE INDEX fastmon_tf_files_by_execution ON fastmon_tf_files(execution_id, id);

    -- Continuous mode: each file is handled exactly once, also across watcher restarts.
    CREATE TABLE fastmon_seen_files (
      path TEXT PRIMARY KEY,
      size_bytes INTEGER,
      mtime_ms INTEGER,
      outcome TEXT NOT NULL,
      seen_at INTEGER NOT NULL
    ) WITHOUT ROWID;
  `,
};
