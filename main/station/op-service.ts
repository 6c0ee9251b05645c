import type autobahn from 'autobahn';
import type { OpReplyView } from '../../shared/ipc.js';
import type { AgentApi } from '../../shared/ocs-codes.js';
import { ClientErrorUri, OcsCallError, OcsClient, WampErrorUri, type OpAction } from '../ocs/client.js';
import { IpcError } from '../ipc/ipc-error.js';

/** What the op service needs from the station's bus link. */
export interface SessionSource {
  /** The joined session, or null while not connected. */
  session(): autobahn.Session | null;
  /** "ws://… (status, detail)": for not_connected messages. */
  describe(): string;
}

interface CachedClient {
  session: autobahn.Session;
  client: Promise<OcsClient>;
}

/**
 * The op channels over the station's WAMP session: one OcsClient per agent address, cached while
 * the session lives and dropped after any failure (so an agent that restarted is re-read).
 * OCS error replies are data; transport and lookup failures become IpcErrors with a clear message.
 */
export class OpService {
  private readonly clients = new Map<string, CachedClient>();

  constructor(private readonly source: SessionSource) {}

  /** The agent's get_api, fetched fresh (and the cached client refreshed with it). */
  async api(address: string): Promise<AgentApi> {
    return this.withClient(address, async (client, fresh) => (fresh ? client.lastApi : await client.refresh()) as unknown as AgentApi);
  }

  /**
   * The get_api `min_privs` of `op` (null when the agent lists no such op): from the cached client, so no
   * extra call when the agent was read this session; otherwise the get_api the request itself would make.
   */
  async minPrivs(address: string, op: string): Promise<number | null> {
    return this.withClient(address, async (client) => {
      const { tasks, processes } = client.lastApi;
      const entry = [...tasks, ...processes].find(([name]) => name === op);
      // OCS reports max(1, registered); an agent leaving it out is basic.
      return entry ? (entry[2].min_privs ?? 1) : null;
    });
  }

  /** One `{address}.ops` request; the agent's `[code, message, session]` comes back whatever the code. */
  async request(action: OpAction, address: string, op: string, options: { params?: Record<string, unknown>; timeout?: number | null } = {}): Promise<OpReplyView> {
    return this.withClient(address, async (client) => {
      const reply = await client.request(action, op, options);
      return { status: reply.status, message: reply.message, session: reply.session };
    });
  }

  /** Forgets every cached client (the station moved to another router). */
  clear(): void {
    this.clients.clear();
  }

  private async withClient<T>(address: string, use: (client: OcsClient, fresh: boolean) => Promise<T>): Promise<T> {
    const session = this.source.session();
    if (!session) throw new IpcError('not_connected', `cannot reach ${address}: the station is not connected to a router (${this.source.describe()})`);
    let cached = this.clients.get(address);
    const fresh = !cached || cached.session !== session;
    if (!cached || fresh) {
      cached = { session, client: OcsClient.overWamp(session, address) };
      this.clients.set(address, cached);
    }
    const entry = cached;
    try {
      return await use(await entry.client, fresh);
    } catch (error) {
      if (this.clients.get(address) === entry) this.clients.delete(address);
      throw toIpcError(error, address);
    }
  }
}

/** Maps a client failure to the contract's error codes, naming the agent. */
export function toIpcError(error: unknown, address: string): unknown {
  if (!(error instanceof OcsCallError)) return error;
  if (error.uri === ClientErrorUri.sessionClosed) return new IpcError('not_connected', `lost the router connection while calling ${address}: ${error.message}`);
  if (error.uri === WampErrorUri.noSuchProcedure) {
    return new IpcError('agent_error', `agent ${address} is not on the bus (nothing registered ${error.procedure ?? address})`);
  }
  return new IpcError('agent_error', `${address}: ${error.message}`);
}
