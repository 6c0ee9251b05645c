/** Agent heartbeats (upstream's SystemAgent rows, upserted by instance name) and agent logs (AppLog). */
import type Database from 'better-sqlite3';
import type { ChangeEvents } from './change-events.js';
import { listLimit, optionalInteger, optionalText, requireOneOf, requireString, requireText, requireTime, runIdText, whereEquals } from './testbed-checks.js';
import { liveness } from './testbed-liveness.js';
import type { AgentHeartbeatRecord, AgentStatus, LogLevel, LogQuery, LogRecord, OperationalState, TestbedStore } from './testbed-types.js';

interface AgentRow {
  instance_name: string;
  agent_type: string;
  status: AgentStatus;
  operational_state: OperationalState;
  namespace: string | null;
  pid: number | null;
  hostname: string | null;
  description: string;
  mq_connected: number;
  first_seen: number;
  last_heartbeat: number;
}

interface LogRow {
  id: number;
  instance_name: string;
  level: LogLevel;
  message: string;
  execution_id: string | null;
  run_id: string | null;
  at: number;
}

const STATUSES: readonly AgentStatus[] = ['OK', 'WARNING', 'ERROR', 'EXITED'];
const STATES: readonly OperationalState[] = ['STARTING', 'READY', 'PROCESSING', 'EXITED'];
const LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];

type AgentMethods = 'recordHeartbeat' | 'getAgent' | 'listAgents' | 'appendLog' | 'listLogs' | 'countLogs';

export function testbedAgents(db: Database.Database, events: ChangeEvents, clock: () => number): Pick<TestbedStore, AgentMethods> {
  const statements = {
    // pid and hostname are kept when a heartbeat leaves them out, as upstream's heartbeat view does.
    upsert: db.prepare(
      `INSERT INTO testbed_agents (instance_name, agent_type, status, operational_state, namespace, pid, hostname, description, mq_connected, first_seen, last_heartbeat)
       VALUES (@instanceName, @agentType, @status, @operationalState, @namespace, @pid, @hostname, @description, @mqConnected, @at, @at)
       ON CONFLICT (instance_name) DO UPDATE SET
         agent_type = excluded.agent_type, status = excluded.status, operational_state = excluded.operational_state,
         namespace = excluded.namespace, pid = coalesce(excluded.pid, pid), hostname = coalesce(excluded.hostname, hostname),
         description = excluded.description, mq_connected = excluded.mq_connected, last_heartbeat = excluded.last_heartbeat`,
    ),
    get: db.prepare<[string], AgentRow>('SELECT * FROM testbed_agents WHERE instance_name = ?'),
    insertLog: db.prepare(
      'INSERT INTO testbed_logs (instance_name, level, message, execution_id, run_id, at) VALUES (@instanceName, @level, @message, @executionId, @runId, @at)',
    ),
  };
  const getAgent = (instanceName: string, now = clock()): AgentHeartbeatRecord | null => {
    const row = statements.get.get(instanceName);
    return row ? toAgent(row, now) : null;
  };
  const logFilter = (query: LogQuery) => {
    const filter = whereEquals(
      { instance_name: query.instanceName, level: query.level, execution_id: query.executionId, run_id: query.runId === undefined ? undefined : runIdText(query.runId) },
      { afterId: query.afterId },
    );
    const clauses = filter.where ? [filter.where.slice('WHERE '.length)] : [];
    if (query.minLevel !== undefined) {
      const allowed = LEVELS.slice(LEVELS.indexOf(requireOneOf('testbed log query', 'minLevel', query.minLevel, LEVELS)));
      clauses.push(`level IN (${allowed.map((level) => `'${level}'`).join(', ')})`);
    }
    if (query.search) {
      // instr(lower…) instead of LIKE: no escaping of % and _ in what the user typed.
      clauses.push('instr(lower(message), lower(@search)) > 0');
      filter.params.search = query.search;
    }
    return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params: filter.params };
  };

  return {
    recordHeartbeat(heartbeat) {
      const what = 'testbed heartbeat';
      const row = {
        instanceName: requireText(what, 'instanceName', heartbeat.instanceName),
        agentType: requireText(what, 'agentType', heartbeat.agentType),
        status: requireOneOf(what, 'status', heartbeat.status, STATUSES),
        operationalState: requireOneOf(what, 'operationalState', heartbeat.operationalState, STATES),
        namespace: optionalText(what, 'namespace', heartbeat.namespace) || null,
        pid: optionalInteger(what, 'pid', heartbeat.pid),
        hostname: optionalText(what, 'hostname', heartbeat.hostname),
        description: optionalText(what, 'description', heartbeat.description) ?? '',
        mqConnected: heartbeat.mqConnected ? 1 : 0,
        at: requireTime(what, 'at', heartbeat.at),
      };
      statements.upsert.run(row);
      const agent = getAgent(row.instanceName, Math.max(clock(), row.at))!;
      events.emit({ kind: 'testbed-agent', agent });
      return agent;
    },

    getAgent,

    listAgents(query = {}) {
      const now = query.now ?? clock();
      const { where, params } = whereEquals({ namespace: query.namespace, agent_type: query.agentType });
      const rows = db.prepare(`SELECT * FROM testbed_agents ${where} ORDER BY namespace, agent_type, instance_name`).all(params) as AgentRow[];
      const agents = rows.map((row) => toAgent(row, now));
      return query.includeExited ? agents : agents.filter((agent) => agent.status !== 'EXITED');
    },

    appendLog(entry) {
      const what = 'testbed log';
      const row = {
        instanceName: requireText(what, 'instanceName', entry.instanceName),
        level: requireOneOf(what, 'level', entry.level, LEVELS),
        message: requireString(what, 'message', entry.message),
        executionId: optionalText(what, 'executionId', entry.executionId),
        runId: entry.runId === undefined || entry.runId === null ? null : (runIdText(entry.runId) ?? requireText(what, 'runId', entry.runId)),
        at: requireTime(what, 'at', entry.at),
      };
      const id = Number(statements.insertLog.run(row).lastInsertRowid);
      return { id, ...row };
    },

    listLogs(query = {}) {
      const { where, params } = logFilter(query);
      const inner = `SELECT * FROM testbed_logs ${where} ORDER BY id ${query.newest ? 'DESC' : 'ASC'} LIMIT @limit`;
      const sql = query.newest ? `SELECT * FROM (${inner}) ORDER BY id ASC` : inner;
      return (db.prepare(sql).all({ ...params, limit: listLimit(query.limit) }) as LogRow[]).map(toLog);
    },

    countLogs(query = {}) {
      const { where, params } = logFilter(query);
      return (db.prepare(`SELECT count(*) AS n FROM testbed_logs ${where}`).get(params) as { n: number }).n;
    },
  };
}

function toAgent(row: AgentRow, now: number): AgentHeartbeatRecord {
  const shown = liveness({ status: row.status, operationalState: row.operational_state, lastHeartbeat: row.last_heartbeat }, now);
  return {
    instanceName: row.instance_name,
    agentType: row.agent_type,
    status: shown.status,
    operationalState: shown.operationalState,
    reportedStatus: row.status,
    reportedOperationalState: row.operational_state,
    namespace: row.namespace,
    pid: row.pid,
    hostname: row.hostname,
    description: row.description,
    mqConnected: row.mq_connected === 1,
    firstSeen: row.first_seen,
    lastHeartbeat: row.last_heartbeat,
    ageMs: shown.ageMs,
    stale: shown.stale,
    alive: shown.alive,
    healthy: shown.healthy,
  };
}

function toLog(row: LogRow): LogRecord {
  return { id: row.id, instanceName: row.instance_name, level: row.level, message: row.message, executionId: row.execution_id, runId: row.run_id, at: row.at };
}
