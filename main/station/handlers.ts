import type { ConnectionState, ConnectionTarget } from '../../shared/ipc.js';
import type { Handlers } from '../ipc/handler-table.js';
import type { AgentRowsView } from './agent-rows.js';
import { appVersion } from './app-version.js';
import type { FastmonService } from './fastmon-service.js';
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
  connection(): ConnectionState;
  connect(target: ConnectionTarget): Promise<ConnectionState>;
}

/** The contract's handlers over the station's services (requests arrive already validated). */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { rows, ops, smurf, testbed, fastmon } = deps;
  return {
    'app:info': () => ({ version: appVersion(), mode: deps.mode, serverTime: Date.now() / 1000 }),
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
  };
}
