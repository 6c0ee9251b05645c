/**
 * The lock level an agent operation needs beyond its channel's: an OCS op whose get_api `min_privs` is 2
 * or more (ocs-web's escalated privileges) needs `expert` to start, stop or abort.
 */
import { levelForMinPrivs } from '../../shared/access.js';
import type { RequestLevel } from '../ipc/handler-table.js';
import type { OpService } from './op-service.js';

const OP_ACTIONS: ReadonlySet<string> = new Set(['op:start', 'op:stop', 'op:abort']);

/** The handler table's RequestLevel over the op service's get_api cache (read once per agent per session). */
export function opLevels(ops: Pick<OpService, 'minPrivs'>): RequestLevel {
  return async (channel, request) => {
    if (!OP_ACTIONS.has(channel)) return null;
    const { address, op } = request as { address: string; op: string };
    const minPrivs = await ops.minPrivs(address, op);
    // An op the agent does not list: the agent refuses it itself.
    return minPrivs === null ? null : levelForMinPrivs(minPrivs);
  };
}
