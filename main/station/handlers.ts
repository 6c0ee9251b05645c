import type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
import type { Handlers } from '../ipc/handler-table.js';
import type { AgentRowsView } from './agent-rows.js';
import type { StationAlarms } from './alarm-wiring.js';
import { appVersion } from './app-version.js';
import { mainMemory } from '../os/main-memory.js';
import type { AuditLog } from '../store/audit-log.js';
import type { FastmonService } from './fastmon-service.js';
import type { LogsService } from './logs-service.js';
import type { FeedService } from './feed-service.js';
import type { OpHistoryRecorder } from './op-history-recorder.js';
import type { OpService } from './op-service.js';
import type { SmurfService } from './smurf-service.js';
import type { TestbedService } from './testbed-service.js';

export interface HandlerDeps {
  mode: 'electron' | 'headless';
  rows: AgentRowsView;
  ops: OpService;
  smurf: SmurfService;
  testbed: TestbedService;
  fastmon: FastmonService;
  /** The local log viewer (sources, windows, search, follow, merged view). */
  logs: Pick<LogsService, 'list' | 'open' | 'close' | 'window' | 'search' | 'follow' | 'merged' | 'jump'>;
  /** Alarm rules, active alarms and history; acknowledgement as the station's user. */
  alarms: Pick<StationAlarms, 'service' | 'ack'>;
  feeds: Pick<FeedService, 'list' | 'subscribe' | 'unsubscribe'>;
  /** The operation monitor's recorder (grid, timeline) over the store's op history. */
  opHistory: Pick<OpHistoryRecorder, 'grid' | 'timeline' | 'record'>;
  audit: Pick<AuditLog, 'list' | 'count'>;
  connection(): ConnectionState;
  connect(target: ConnectionTarget): Promise<ConnectionState>;
}

/** The contract's handlers over the station's services (requests arrive already validated). */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { rows, ops, smurf, testbed, fastmon } = deps;
  return {
    'app:info': () => ({ version: appVersion(), mode: deps.mode, serverTime: Date.now() / 1000, memory: mainMemory() }),
    'registry:snapshot': () => rows.snapshot(),
    'agent:api': ({ address }) => ops.api(address),
    'op:start': ({ address, op, params }) => ops.request('start', address, op, { params }),
    'op:abort': ({ address, op }) => ops.request('abort', address, op),
    'op:stop': ({ address, op }) => ops.request('stop', address, op),
    'op:status': ({ address, op }) => ops.request('status', address, op),
    'op:wait': ({ address, op, timeout }) => ops.request('wait', address, op, { timeout }),
    'connection:get': () => deps.connection(),
    'connection:set': (target) => deps.connect(target),
    'smurf:info': () => smurf.info(),
    'smurf:slots': () => smurf.slots(),
    'scripts:list': () => smurf.scripts(),
    'scripts:history': ({ limit, before }) => smurf.history(limit, before),
    'scripts:output': ({ runId, offset, limit }) => smurf.output(runId, offset, limit),
    'smurf:datafiles': (filter) => smurf.dataFiles(filter),
    'testbed:status': ({ watch }) => testbed.status(watch),
    'testbed:config:list': () => testbed.configs.list(),
    'testbed:config:read': ({ name, source }) => testbed.configs.read(name, source),
    'testbed:config:validate': ({ text, name }) => testbed.configs.validate(text, name),
    'testbed:config:save': ({ name, text }) => testbed.configs.save(name, text),
    'testbed:run': (request) => testbed.run(request),
    'testbed:stop-workflow': ({ executionId }) => testbed.stopWorkflow(executionId),
    'testbed:stop-agents': () => testbed.stopAgents(),
    'testbed:agent': ({ action, name }) => testbed.agent(action, name),
    'testbed:messages': (query) => testbed.messages(query),
    'testbed:executions': (query) => testbed.executions(query),
    'fastmon:runs': (query) => fastmon.runs(query),
    'fastmon:tfs': ({ newest, ...query }) => fastmon.tfs({ ...query, newest: newest && query.afterId === undefined }),
    'fastmon:stf': ({ stfFilename }) => fastmon.stf(stfFilename),
    'logs:sources': () => deps.logs.list(),
    'logs:open': ({ path }) => deps.logs.open(path),
    'logs:close': ({ sourceId }) => deps.logs.close(sourceId),
    'logs:window': ({ sourceId, fromLine, count, levels }) => deps.logs.window(sourceId, fromLine, count, levels),
    'logs:search': ({ sourceId, ...options }) => deps.logs.search(sourceId, options),
    'logs:follow': ({ sourceId, follow }) => deps.logs.follow(sourceId, follow),
    'logs:merged': ({ sourceIds, count, fromTime, cursor }) => deps.logs.merged(sourceIds, count, fromTime, cursor),
    'logs:jump': ({ sourceId, time }) => deps.logs.jump(sourceId, time),
    'alarms:list': ({ historyLimit }) => deps.alarms.service.list(historyLimit),
    'alarms:ack': ({ id }) => deps.alarms.ack(id),
    'alarms:rules': () => deps.alarms.service.rules(),
    'alarms:set-rule': (patch) => deps.alarms.service.setRule(patch),
    'feeds:list': ({ address, waitMs }) => deps.feeds.list(address, waitMs),
    'feeds:subscribe': ({ address, feed }) => deps.feeds.subscribe(address, feed),
    'feeds:unsubscribe': ({ address, feed }) => deps.feeds.unsubscribe(address, feed),
    'ops:grid': () => deps.opHistory.grid(rows.snapshot()),
    'ops:timeline': (query) => deps.opHistory.timeline(query),
    'ops:record': ({ id }) => deps.opHistory.record(id),
    'audit:list': ({ before, limit, ...filter }) => ({ entries: deps.audit.list({ ...filter, before, limit }), total: deps.audit.count(filter) }),
  };
}
