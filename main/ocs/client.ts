import type autobahn from 'autobahn';
import type { FeedInfo } from '../../shared/ocs-codes.js';
import {
  opAttributeName,
  parseAgentApi,
  parseFeedEntries,
  parseOpEntries,
  parseOpReply,
  type AgentApi,
  type OcsReply,
  type OpEntry,
} from './client-api.js';
import { ClientErrorUri, OcsCallError } from './client-errors.js';
import { HttpTransport, type HttpTransportOptions } from './client-http.js';
import { makeOpHandle, type OpHandle, type ProcessHandle, type TaskHandle } from './client-ops.js';
import type { OcsTransport, OpAction } from './client-transport.js';
import { WampTransport } from './client-wamp.js';

export interface OcsClientOptions {
  /**
   * Password for privileged ops. Sent (as the `password` kwarg) only when the agent's get_api
   * has `access_control`: older agents reject unknown kwargs.
   */
  password?: string;
}

/**
 * A client for one OCS agent, the TypeScript counterpart of Python's `ocs.ocs_client.OCSClient`.
 * Create it with {@link OcsClient.connect}, {@link OcsClient.overWamp} or {@link OcsClient.overHttp};
 * each reads the agent's get_api once and exposes its ops under `tasks` and `processes`, keyed
 * by the Python attribute name (`-` and spaces become `_`).
 */
export class OcsClient {
  /** Tasks by attribute name, e.g. `client.tasks.delay_task.start({delay: 1})`. */
  readonly tasks: Record<string, TaskHandle> = {};
  /** Processes by attribute name. */
  readonly processes: Record<string, ProcessHandle> = {};
  private api: AgentApi;

  private constructor(
    readonly transport: OcsTransport,
    /** `{address_root}.{instance_id}`, e.g. `observatory.fake-data1`. */
    readonly address: string,
    api: AgentApi,
    private readonly options: OcsClientOptions,
  ) {
    this.api = api;
    this.buildOps();
  }

  /** Reads the agent's get_api through `transport` and returns a client for it. */
  static async connect(transport: OcsTransport, address: string, options: OcsClientOptions = {}): Promise<OcsClient> {
    const api = parseAgentApi(await transport.call(address, ['get_api']), address);
    return new OcsClient(transport, address, api, options);
  }

  /** A client calling through an open autobahn-js session (the caller keeps owning it). */
  static overWamp(session: autobahn.Session, address: string, options: OcsClientOptions = {}): Promise<OcsClient> {
    return OcsClient.connect(new WampTransport(session), address, options);
  }

  /** A client calling through the HTTP bridge at `callUrl` (e.g. `http://host:8001/call`). */
  static overHttp(callUrl: string, address: string, options: OcsClientOptions & HttpTransportOptions = {}): Promise<OcsClient> {
    return OcsClient.connect(new HttpTransport(callUrl, { timeoutMs: options.timeoutMs }), address, options);
  }

  /** The agent class reported by get_api, e.g. `FakeDataAgent`. */
  get agentClass(): string {
    return this.api.agent_class;
  }

  /** The get_api result this client was built from (see {@link OcsClient.refresh}). */
  get lastApi(): AgentApi {
    return this.api;
  }

  /** True when the agent advertises access control, so a password would be sent. */
  get usesPassword(): boolean {
    return this.api.access_control !== undefined;
  }

  /** The task called `name` (wire or attribute name); throws `client.error.unknown_operation`. */
  task(name: string): TaskHandle {
    return this.lookup(this.tasks, name, 'task') as TaskHandle;
  }

  /** The process called `name` (wire or attribute name); throws `client.error.unknown_operation`. */
  process(name: string): ProcessHandle {
    return this.lookup(this.processes, name, 'process') as ProcessHandle;
  }

  /** Low-level ops call by wire name, with no check against get_api (the agent answers unknown ops). */
  async request(action: OpAction, opName: string, options: { params?: Record<string, unknown>; timeout?: number | null } = {}): Promise<OcsReply> {
    const password = this.usesPassword && this.options.password ? this.options.password : undefined;
    const { args, kwargs } = this.transport.opsArguments({ action, opName, ...options, password });
    const procedure = `${this.address}.ops`;
    return parseOpReply(await this.transport.call(procedure, args, kwargs), procedure);
  }

  /** Management query `get_api` (does not change the exposed ops; see {@link OcsClient.refresh}). */
  async getApi(): Promise<AgentApi> {
    return parseAgentApi(await this.management('get_api'), this.address);
  }

  /** Re-reads get_api and rebuilds `tasks`/`processes` (e.g. after the agent restarted with new ops). */
  async refresh(): Promise<AgentApi> {
    this.api = await this.getApi();
    this.buildOps();
    return this.api;
  }

  /** Management query `get_tasks`: `[name, session, op_info]` sorted by name. */
  async getTasks(): Promise<OpEntry[]> {
    return parseOpEntries(await this.management('get_tasks'), this.address);
  }

  /** Management query `get_processes`. */
  async getProcesses(): Promise<OpEntry[]> {
    return parseOpEntries(await this.management('get_processes'), this.address);
  }

  /** Management query `get_feeds`: `[feed_name, feed_info]` in registration order. */
  async getFeeds(): Promise<Array<[string, FeedInfo]>> {
    return parseFeedEntries(await this.management('get_feeds'), this.address);
  }

  /** Management query `get_agent_class`. */
  async getAgentClass(): Promise<string> {
    const agentClass = await this.management('get_agent_class');
    if (typeof agentClass !== 'string') throw new OcsCallError(ClientErrorUri.invalidReply, [`get_agent_class returned ${JSON.stringify(agentClass)}`], {}, this.address);
    return agentClass;
  }

  private management(query: string): Promise<unknown> {
    return this.transport.call(this.address, [query]);
  }

  private buildOps(): void {
    for (const table of [this.tasks, this.processes] as Array<Record<string, OpHandle>>) for (const key of Object.keys(table)) delete table[key];
    const requester = this.request.bind(this);
    for (const [name, , info] of this.api.tasks) this.tasks[opAttributeName(name)] = makeOpHandle('task', name, info, requester) as TaskHandle;
    for (const [name, , info] of this.api.processes) this.processes[opAttributeName(name)] = makeOpHandle('process', name, info, requester) as ProcessHandle;
  }

  private lookup(table: Record<string, OpHandle>, name: string, kind: string): OpHandle {
    const handle = Object.hasOwn(table, opAttributeName(name)) ? table[opAttributeName(name)] : undefined;
    if (!handle) {
      const known = Object.values(table).map((op) => op.name).join(', ') || 'none';
      throw new OcsCallError(ClientErrorUri.unknownOperation, [`${this.address} has no ${kind} "${name}" (its ${kind}s: ${known})`]);
    }
    return handle;
  }
}

export { OcsCallError, ClientErrorUri, WampErrorUri, isCallError } from './client-errors.js';
export type { AgentApi, OcsReply, OpEntry, OpInfo } from './client-api.js';
export type { OpHandle, TaskHandle, ProcessHandle } from './client-ops.js';
export type { OcsTransport, OpAction, OpRequest } from './client-transport.js';
export { HttpTransport, type HttpTransportOptions } from './client-http.js';
export { WampTransport } from './client-wamp.js';
