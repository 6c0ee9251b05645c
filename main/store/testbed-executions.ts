/** Workflow executions and their runs (§5.7 REST sequence: execution → run number → run state). */
import type Database from 'better-sqlite3';
import type { ChangeEvents } from './change-events.js';
import { listLimit, requireInteger, requireObject, requireOneOf, requireString, requireText, requireTime, whereEquals } from './testbed-checks.js';
import type { ExecutionQuery, ExecutionRecord, ExecutionStatus, RunQuery, RunRecord, TestbedStore } from './testbed-types.js';

interface ExecutionRow {
  execution_id: string;
  workflow_name: string;
  namespace: string;
  config_name: string;
  params: string;
  status: ExecutionStatus;
  executed_by: string;
  started_at: number;
  ended_at: number | null;
}

interface RunRow {
  run_number: number;
  execution_id: string;
  namespace: string;
  started_at: number;
  ended_at: number | null;
  total_stf_files: number | null;
  stf_file_count: number;
}

const ENDED_STATUSES = ['completed', 'failed', 'terminated'] as const;
const RUN_SELECT = `SELECT r.*, (SELECT count(*) FROM testbed_stf_files f WHERE f.run_number = r.run_number) AS stf_file_count FROM testbed_runs r`;

type ExecutionMethods = 'createExecution' | 'finishExecution' | 'getExecution' | 'listExecutions' | 'countExecutions';
type RunMethods = 'createRun' | 'endRun' | 'getRun' | 'listRuns' | 'countRuns';

export function testbedExecutions(db: Database.Database, events: ChangeEvents): Pick<TestbedStore, ExecutionMethods | RunMethods> {
  const statements = {
    insertExecution: db.prepare(
      `INSERT INTO testbed_executions (execution_id, workflow_name, namespace, config_name, params, status, executed_by, started_at)
       VALUES (@executionId, @workflowName, @namespace, @configName, @params, 'running', @executedBy, @startedAt)`,
    ),
    finishExecution: db.prepare(`UPDATE testbed_executions SET status = ?, ended_at = ? WHERE execution_id = ? AND status = 'running'`),
    getExecution: db.prepare<[string], ExecutionRow>('SELECT * FROM testbed_executions WHERE execution_id = ?'),
    insertRun: db.prepare('INSERT INTO testbed_runs (run_number, execution_id, namespace, started_at) VALUES (@runNumber, @executionId, @namespace, @startedAt)'),
    endRun: db.prepare('UPDATE testbed_runs SET ended_at = ?, total_stf_files = ? WHERE run_number = ? AND ended_at IS NULL'),
    getRun: db.prepare<[number], RunRow>(`${RUN_SELECT} WHERE r.run_number = ?`),
  };

  const getExecution = (executionId: string): ExecutionRecord | null => {
    const row = statements.getExecution.get(executionId);
    return row ? toExecution(row) : null;
  };
  const getRun = (runNumber: number): RunRecord | null => {
    const row = statements.getRun.get(runNumber);
    return row ? toRun(row) : null;
  };
  const executionFilter = (query: ExecutionQuery) => whereEquals({ namespace: query.namespace, status: query.status, workflow_name: query.workflowName });
  const runFilter = (query: RunQuery) => whereEquals({ namespace: query.namespace, execution_id: query.executionId }, { alias: 'r' });

  return {
    createExecution(execution) {
      const what = 'testbed execution';
      const row = {
        executionId: requireText(what, 'executionId', execution.executionId),
        workflowName: requireText(what, 'workflowName', execution.workflowName),
        namespace: requireText(what, 'namespace', execution.namespace),
        configName: requireString(what, 'configName', execution.configName),
        params: JSON.stringify(requireObject(what, 'params', execution.params)),
        executedBy: requireText(what, 'executedBy', execution.executedBy),
        startedAt: requireTime(what, 'startedAt', execution.startedAt),
      };
      const created = db
        .transaction(() => {
          if (statements.getExecution.get(row.executionId)) throw new Error(`testbed execution "${row.executionId}" already exists`);
          statements.insertExecution.run(row);
          return getExecution(row.executionId)!;
        })
        .immediate();
      events.emit({ kind: 'testbed-execution', execution: created });
      return created;
    },

    finishExecution(executionId, status, endedAt) {
      requireOneOf('testbed execution end', 'status', status, ENDED_STATUSES);
      const at = requireTime('testbed execution end', 'endedAt', endedAt);
      const changed = statements.finishExecution.run(status, at, executionId).changes === 1;
      const execution = getExecution(executionId);
      if (!execution) throw new Error(`testbed execution "${executionId}" does not exist`);
      if (changed) events.emit({ kind: 'testbed-execution', execution });
      return changed;
    },

    getExecution,

    listExecutions(query = {}) {
      const { where, params } = executionFilter(query);
      const sql = `SELECT * FROM testbed_executions ${where} ORDER BY started_at DESC, execution_id DESC LIMIT @limit`;
      return (db.prepare(sql).all({ ...params, limit: listLimit(query.limit) }) as ExecutionRow[]).map(toExecution);
    },

    countExecutions(query = {}) {
      const { where, params } = executionFilter(query);
      return (db.prepare(`SELECT count(*) AS n FROM testbed_executions ${where}`).get(params) as { n: number }).n;
    },

    createRun(run) {
      const what = 'testbed run';
      const row = {
        runNumber: requireInteger(what, 'runNumber', run.runNumber, 1),
        executionId: requireText(what, 'executionId', run.executionId),
        namespace: requireText(what, 'namespace', run.namespace),
        startedAt: requireTime(what, 'startedAt', run.startedAt),
      };
      const created = db
        .transaction(() => {
          if (!statements.getExecution.get(row.executionId)) throw new Error(`testbed run ${row.runNumber}: execution "${row.executionId}" does not exist`);
          if (statements.getRun.get(row.runNumber)) throw new Error(`testbed run ${row.runNumber} already exists`);
          statements.insertRun.run(row);
          return getRun(row.runNumber)!;
        })
        .immediate();
      events.emit({ kind: 'testbed-run', run: created });
      return created;
    },

    endRun(runNumber, end) {
      const what = `testbed run ${String(runNumber)} end`;
      const at = requireTime(what, 'endedAt', end?.endedAt);
      const total = requireInteger(what, 'totalStfFiles', end?.totalStfFiles);
      const changed = statements.endRun.run(at, total, runNumber).changes === 1;
      const run = getRun(runNumber);
      if (!run) throw new Error(`testbed run ${String(runNumber)} does not exist`);
      if (changed) events.emit({ kind: 'testbed-run', run });
      return changed;
    },

    getRun,

    listRuns(query = {}) {
      const { where, params } = runFilter(query);
      const sql = `${RUN_SELECT} ${where} ORDER BY r.run_number DESC LIMIT @limit`;
      return (db.prepare(sql).all({ ...params, limit: listLimit(query.limit) }) as RunRow[]).map(toRun);
    },

    countRuns(query = {}) {
      const { where, params } = runFilter(query);
      return (db.prepare(`SELECT count(*) AS n FROM testbed_runs r ${where}`).get(params) as { n: number }).n;
    },
  };
}

function toExecution(row: ExecutionRow): ExecutionRecord {
  return {
    executionId: row.execution_id,
    workflowName: row.workflow_name,
    namespace: row.namespace,
    configName: row.config_name,
    status: row.status,
    executedBy: row.executed_by,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    params: JSON.parse(row.params) as Record<string, unknown>,
  };
}

function toRun(row: RunRow): RunRecord {
  return {
    runNumber: row.run_number,
    executionId: row.execution_id,
    namespace: row.namespace,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    totalStfFiles: row.total_stf_files,
    stfFileCount: row.stf_file_count,
  };
}
