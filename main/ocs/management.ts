import { hostname } from 'node:os';
import type { AccessControlInfo, AgentApi, FeedInfo } from '../../shared/ocs-codes.js';
import type { OpRegistry } from './op-registry.js';

/** What the management RPC describes: class, feeds (registration order), ops and the access block. */
export interface ManagementSource {
  readonly agentClass: string;
  readonly ops: OpRegistry;
  feedInfos(): Array<[string, FeedInfo]>;
  accessControl(): AccessControlInfo;
}

/** get_api (upstream `_management_handler('get_api')`), keys in upstream order. */
export function describeAgent(source: ManagementSource): AgentApi {
  return {
    agent_class: source.agentClass,
    instance_hostname: hostname(),
    instance_pid: process.pid,
    feeds: source.feedInfos(),
    processes: source.ops.gather('process'),
    tasks: source.ops.gather('task'),
    access_control: source.accessControl(),
  };
}

/** Answers the management RPC `{agent}` for query `q`; unknown queries return null (Python None). */
export function answerManagementQuery(source: ManagementSource, q: unknown): unknown {
  switch (q) {
    case 'get_api':
      return describeAgent(source);
    case 'get_tasks':
      return source.ops.gather('task');
    case 'get_processes':
      return source.ops.gather('process');
    case 'get_feeds':
      return source.feedInfos();
    case 'get_agent_class':
      return source.agentClass;
    default:
      return null;
  }
}
