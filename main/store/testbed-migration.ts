/**
 * Schema of the testbed tables (migration 2). Times are Unix ms. Counters live in one table and are
 * bumped with a single `UPDATE … RETURNING` statement, atomic across processes sharing the file.
 */
import type { Migration } from './migrations.js';

/** Counter rows hold the last value handed out; the seeds make the first ones 1, 1 and 100010 (§4.4, §5.7). */
export const TESTBED_COUNTER_SEEDS = { agent_id: 0, execution_id: 0, run_number: 100_009 } as const;

export type TestbedCounter = keyof typeof TESTBED_COUNTER_SEEDS;

const seeds = Object.entries(TESTBED_COUNTER_SEEDS)
  .map(([name, value]) => `('${name}', ${value})`)
  .join(', ');

export const TESTBED_MIGRATION: Migration = {
  version: 2,
  name: 'testbed: counters, executions, runs, STF files, messages, agents, logs',
  sql: `
    CREATE TABLE testbed_counters (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO testbed_counters (name, value) VALUES ${seeds};

    CREATE TABLE testbed_executions (
      execution_id TEXT PRIMARY KEY,
      workflow_name TEXT NOT NULL,
      namespace TEXT NOT NULL,
      config_name TEXT NOT NULL,
      params TEXT NOT NULL,            -- JSON object
      status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'terminated')),
      executed_by TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      CHECK ((ended_at IS NULL) = (status = 'running'))
    ) WITHOUT ROWID;
    CREATE INDEX testbed_executions_by_start ON testbed_executions(started_at);
    CREATE INDEX testbed_executions_running ON testbed_executions(namespace) WHERE status = 'running';

    CREATE TABLE testbed_runs (
      run_number INTEGER PRIMARY KEY,
      execution_id TEXT NOT NULL REFERENCES testbed_executions(execution_id),
      namespace TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      total_stf_files INTEGER,
      CHECK ((ended_at IS NULL) = (total_stf_files IS NULL))
    );
    CREATE INDEX testbed_runs_by_execution ON testbed_runs(execution_id);

    CREATE TABLE testbed_stf_files (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      filename TEXT NOT NULL UNIQUE,
      run_number INTEGER NOT NULL,     -- no foreign key: a data agent may see an stf_gen of a run this store never opened
      execution_id TEXT,
      sequence INTEGER NOT NULL,
      state TEXT,
      substate TEXT,
      size_bytes INTEGER,
      status TEXT NOT NULL CHECK (status IN ('registered', 'processed')),
      created_by TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      processed_by TEXT,
      processed_at INTEGER
    );
    CREATE INDEX testbed_stf_files_by_run ON testbed_stf_files(run_number, sequence);
    CREATE INDEX testbed_stf_files_by_execution ON testbed_stf_files(execution_id);

    CREATE TABLE testbed_messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      message_id TEXT,                 -- NULL when the transport gave none
      destination TEXT NOT NULL,
      msg_type TEXT NOT NULL,
      sender TEXT,
      namespace TEXT,
      run_id TEXT,
      execution_id TEXT,
      body TEXT NOT NULL,              -- canonical JSON
      body_hash TEXT NOT NULL,         -- sha256 of body
      received_at INTEGER NOT NULL
    );
    -- The dedupe rules: the broker's id per destination when known, else the whole body.
    CREATE UNIQUE INDEX testbed_messages_unique_delivery ON testbed_messages(destination, message_id) WHERE message_id IS NOT NULL;
    CREATE UNIQUE INDEX testbed_messages_unique_body ON testbed_messages(body_hash) WHERE message_id IS NULL;
    CREATE INDEX testbed_messages_by_namespace ON testbed_messages(namespace, id);
    CREATE INDEX testbed_messages_by_type ON testbed_messages(msg_type, id);
    CREATE INDEX testbed_messages_by_run ON testbed_messages(run_id, id);
    CREATE INDEX testbed_messages_by_execution ON testbed_messages(execution_id, id);

    CREATE TABLE testbed_agents (
      instance_name TEXT PRIMARY KEY,
      agent_type TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('OK', 'WARNING', 'ERROR', 'EXITED')),
      operational_state TEXT NOT NULL CHECK (operational_state IN ('STARTING', 'READY', 'PROCESSING', 'EXITED')),
      namespace TEXT,
      pid INTEGER,
      hostname TEXT,
      description TEXT NOT NULL,
      mq_connected INTEGER NOT NULL,
      first_seen INTEGER NOT NULL,
      last_heartbeat INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE testbed_logs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      instance_name TEXT NOT NULL,
      level TEXT NOT NULL CHECK (level IN ('DEBUG', 'INFO', 'WARNING', 'ERROR')),
      message TEXT NOT NULL,
      execution_id TEXT,
      run_id TEXT,
      at INTEGER NOT NULL
    );
    CREATE INDEX testbed_logs_by_instance ON testbed_logs(instance_name, id);
    CREATE INDEX testbed_logs_by_execution ON testbed_logs(execution_id, id);
  `,
};
