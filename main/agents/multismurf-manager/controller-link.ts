/**
 * How the manager talks to its controllers: OCS calls over the manager agent's own WAMP session,
 * each bounded by a client-side time limit so a frozen controller can never hang a fan-out.
 */
import type { OcsAgent } from '../../ocs/agent.js';
import { parseAgentApi, parseOpReply, type AgentApi, type OcsReply } from '../../ocs/client-api.js';
import { ClientErrorUri, OcsCallError } from '../../ocs/client-errors.js';
import type { OpAction } from '../../ocs/client-transport.js';
import { WampTransport } from '../../ocs/client-wamp.js';
import { wampOpsArguments } from '../../ocs/client-transport.js';

/** A call that got no reply within its limit (the peer may still answer later; the answer is ignored). */
export class NoReplyError extends Error {
  override readonly name = 'NoReplyError';
}

/** Calls a controller's management RPC and ops procedure through the manager's session. */
export class ControllerLink {
  constructor(private readonly agent: OcsAgent) {}

  /** The controller's get_api. */
  async getApi(address: string, limitMs: number): Promise<AgentApi> {
    return parseAgentApi(await this.call(address, ['get_api'], {}, limitMs), address);
  }

  /** One `{address}.ops` request (start, wait, status, abort, stop). */
  async request(address: string, action: OpAction, opName: string, options: { params?: Record<string, unknown>; timeout?: number | null }, limitMs: number): Promise<OcsReply> {
    const { args, kwargs } = wampOpsArguments({ action, opName, ...options });
    const procedure = `${address}.ops`;
    return parseOpReply(await this.call(procedure, args, kwargs, limitMs), procedure);
  }

  private async call(procedure: string, args: unknown[], kwargs: Record<string, unknown>, limitMs: number): Promise<unknown> {
    const session = this.agent.session;
    if (!session) throw new OcsCallError(ClientErrorUri.sessionClosed, ['the manager is not joined to the realm'], {}, procedure);
    // WampTransport fails pending calls when the session drops (autobahn-js would leave them pending forever).
    const reply = new WampTransport(session).call(procedure, args, kwargs);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new NoReplyError(`no reply from ${procedure} within ${(limitMs / 1000).toFixed(1)} s`)), limitMs);
    });
    try {
      return await Promise.race([reply, limit]);
    } finally {
      clearTimeout(timer);
      reply.catch(() => {}); // a late failure after the limit is of no interest
    }
  }
}

/** A readable one-liner for a failed call (drops the URI noise for the common cases). */
export function describeCallFailure(error: unknown): string {
  if (error instanceof OcsCallError) {
    const detail = error.args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    if (error.uri === 'wamp.error.no_such_procedure') return 'controller is not on the bus (no such procedure)';
    if (error.uri === 'wamp.error.canceled') return `controller disconnected during the call${detail ? ` (${detail})` : ''}`;
    if (error.uri === ClientErrorUri.sessionClosed) return `manager lost its WAMP session${detail ? ` (${detail})` : ''}`;
    return `${error.uri}${detail ? `: ${detail}` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
