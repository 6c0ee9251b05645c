/** STF files registered by the data agent (§6.1: registered on stf_gen, processed after stf_ready). */
import type Database from 'better-sqlite3';
import { listLimit, optionalInteger, optionalText, requireInteger, requireText, requireTime, whereEquals } from './testbed-checks.js';
import type { StfFileQuery, StfFileRecord, StfFileStatus, TestbedStore } from './testbed-types.js';

interface StfFileRow {
  id: number;
  filename: string;
  run_number: number;
  execution_id: string | null;
  sequence: number;
  state: string | null;
  substate: string | null;
  size_bytes: number | null;
  status: StfFileStatus;
  created_by: string;
  created_at: number;
  processed_by: string | null;
  processed_at: number | null;
}

type StfMethods = 'addStfFile' | 'markStfProcessed' | 'getStfFile' | 'listStfFiles' | 'countStfFiles';

export function testbedStfFiles(db: Database.Database, clock: () => number): Pick<TestbedStore, StfMethods> {
  const statements = {
    // A redelivered stf_gen registers nothing new: the first registration stands.
    insert: db.prepare(
      `INSERT INTO testbed_stf_files (filename, run_number, execution_id, sequence, state, substate, size_bytes, status, created_by, created_at)
       VALUES (@filename, @runNumber, @executionId, @sequence, @state, @substate, @sizeBytes, 'registered', @createdBy, @createdAt)
       ON CONFLICT (filename) DO NOTHING`,
    ),
    markProcessed: db.prepare(`UPDATE testbed_stf_files SET status = 'processed', processed_by = ?, processed_at = ? WHERE filename = ?`),
    get: db.prepare<[string], StfFileRow>('SELECT * FROM testbed_stf_files WHERE filename = ?'),
  };
  const getStfFile = (filename: string): StfFileRecord | null => {
    const row = statements.get.get(filename);
    return row ? toStfFile(row) : null;
  };
  const filter = (query: StfFileQuery) => whereEquals({ run_number: query.runNumber, execution_id: query.executionId });

  return {
    addStfFile(file) {
      const what = 'testbed STF file';
      const row = {
        filename: requireText(what, 'filename', file.filename),
        runNumber: requireInteger(what, 'runNumber', file.runNumber, 1),
        executionId: optionalText(what, 'executionId', file.executionId),
        sequence: requireInteger(what, 'sequence', file.sequence),
        state: optionalText(what, 'state', file.state),
        substate: optionalText(what, 'substate', file.substate),
        sizeBytes: optionalInteger(what, 'sizeBytes', file.sizeBytes),
        createdBy: requireText(what, 'createdBy', file.createdBy),
        createdAt: requireTime(what, 'createdAt', file.createdAt ?? clock()),
      };
      statements.insert.run(row);
      return getStfFile(row.filename)!;
    },

    markStfProcessed(filename, processedBy) {
      requireText('testbed STF file processed', 'processedBy', processedBy);
      if (statements.markProcessed.run(processedBy, requireTime('testbed STF file processed', 'now', clock()), filename).changes === 0) {
        throw new Error(`testbed STF file "${filename}" is not registered`);
      }
      return getStfFile(filename)!;
    },

    getStfFile,

    listStfFiles(query = {}) {
      const { where, params } = filter(query);
      const sql = `SELECT * FROM testbed_stf_files ${where} ORDER BY id DESC LIMIT @limit`;
      return (db.prepare(sql).all({ ...params, limit: listLimit(query.limit) }) as StfFileRow[]).map(toStfFile);
    },

    countStfFiles(query = {}) {
      const { where, params } = filter(query);
      return (db.prepare(`SELECT count(*) AS n FROM testbed_stf_files ${where}`).get(params) as { n: number }).n;
    },
  };
}

function toStfFile(row: StfFileRow): StfFileRecord {
  return {
    id: row.id,
    filename: row.filename,
    runNumber: row.run_number,
    executionId: row.execution_id,
    sequence: row.sequence,
    state: row.state,
    substate: row.substate,
    sizeBytes: row.size_bytes,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    processedBy: row.processed_by,
    processedAt: row.processed_at,
  };
}
