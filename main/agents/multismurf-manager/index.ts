/**
 * MultiSmurfManager (agent class `MultiSmurfManager`): finds PysmurfControllers from their
 * heartbeats and re-exposes each controller op as a fan-out op with `stream_ids`, `timeout`,
 * `min_successes` and `mode`; the `monitor` process shows the live controller table.
 */
import { ResponseCode, type OpReply } from '../../../shared/ocs-codes.js';
import { OcsAgent } from '../../ocs/agent.js';
import { parseOpsCall } from '../../ocs/call-args.js';
import type { OcsLogger } from '../../ocs/logger.js';
import { normalizeParams, prescreenParams } from '../../ocs/params.js';
import { ControllerLink } from './controller-link.js';
import { FAN_OUT_OPS, fanOutOp, splitParams, type FanOutOpSpec } from './fanout-params.js';
import { FanOutRun, type FanOutTiming } from './fanout-run.js';
import { SmurfTable } from './smurf-table.js';
import { selectTargets, type TargetSelection } from './target-selection.js';

export { FAN_OUT_OPS, MANAGER_PARAM_KEYS } from './fanout-params.js';
export type { FanOutData } from './fanout-run.js';
export type { ManagedSmurfInfo } from './smurf-table.js';

export interface MultiSmurfManagerOptions {
  /** Default 'multismurf'. */
  instanceId?: string;
  addressRoot?: string;
  logger?: OcsLogger;
  /** Seconds without heartbeat before a controller counts as expired. Default 20. */
  expireS?: number;
  /** Longest `wait` slice while following a target (how often per-target progress shows). Default 500 ms. */
  pollIntervalMs?: number;
  /** Period of the background get_api refresh of live controllers (stream ids, sessions). Default 10 s. */
  refreshIntervalMs?: number;
  /** After an abort/stop/timeout, how long a target may take to end. Default 10 s. */
  stopGraceMs?: number;
  /** Limit for controller calls that should answer at once. Default 5 s. */
  callLimitMs?: number;
}

const MONITOR_DOC = `monitor()

**Process** - Keep the table of PysmurfControllers on the bus (found from heartbeats; expired after
the configured silence). Started with the agent.

session.data: {smurfs: {address: {address, instance_id, stream_id, stream_id_source, crate, slot,
expired, last_refresh, last_api_refresh, op_codes, sessions}}}`;

/** How long a start waits for unknown stream ids to be resolved before refusing them. */
const RESOLVE_LIMIT_MS = 2000;

/** The manager agent: answers fan-out starts with a refusal when the targets are unknown. */
class MultiSmurfManagerAgent extends OcsAgent {
  constructor(
    options: ConstructorParameters<typeof OcsAgent>[0],
    private readonly select: (op: FanOutOpSpec, params: Record<string, unknown>) => Promise<TargetSelection | null>,
  ) {
    super(options);
  }

  // Unknown stream ids are refused in the start reply (like a bad param), not as a failed session.
  override async handleOpsCall(args?: unknown[], kwargs?: Record<string, unknown>): Promise<OpReply> {
    let call;
    try {
      call = parseOpsCall(args, kwargs);
    } catch {
      return super.handleOpsCall(args, kwargs);
    }
    const op = call.action === 'start' ? fanOutOp(call.opName) : undefined;
    const running = op ? this.ops.session(op.name) : null;
    if (op && (!running || running.isDone)) {
      const selection = await this.select(op, call.params as Record<string, unknown>).catch((error: Error) => ({ ok: false as const, reason: error.message }));
      if (selection && !selection.ok) return [ResponseCode.ERROR, selection.reason, {}];
    }
    return super.handleOpsCall(args, kwargs);
  }
}

/** Builds a MultiSmurfManager; connect it with `agent.connect({url, realm})`. */
export function createMultiSmurfManager(options: MultiSmurfManagerOptions = {}): OcsAgent {
  const addressRoot = options.addressRoot ?? 'observatory';
  const timing: FanOutTiming = { pollIntervalMs: options.pollIntervalMs ?? 500, stopGraceMs: options.stopGraceMs ?? 10_000, callLimitMs: options.callLimitMs ?? 5000 };
  const agentOptions = { agentClass: 'MultiSmurfManager', instanceId: options.instanceId ?? 'multismurf', addressRoot, logger: options.logger };
  const agent: OcsAgent = new MultiSmurfManagerAgent(agentOptions, (op, params) => precheck(op, params));
  const link = new ControllerLink(agent);
  const table = new SmurfTable({
    expireS: options.expireS ?? 20,
    refreshIntervalMs: options.refreshIntervalMs ?? 10_000,
    getApi: (address) => link.getApi(address, timing.callLimitMs),
    logger: agent.logger,
  });

  /** Targets for a start, after resolving stream ids still unknown; null when the params themselves are bad (the registry answers those). */
  async function precheck(op: FanOutOpSpec, raw: Record<string, unknown>): Promise<TargetSelection | null> {
    let split;
    try {
      split = splitParams(op, prescreenParams(op.params, normalizeParams(raw)));
    } catch (error) {
      if (error instanceof Error && error.name !== 'ParamError') return { ok: false, reason: error.message };
      return null;
    }
    const selection = await resolve(split.settings.streamIds);
    if (!selection.ok) return selection;
    const total = selection.live.length + selection.expired.length;
    const min = split.settings.minSuccesses;
    if (min !== null && min > total) return { ok: false, reason: `min_successes=${min} exceeds the ${total} target(s) (${[...selection.live, ...selection.expired].map((t) => t.streamId).join(', ') || 'none'})` };
    return selection;
  }

  async function resolve(streamIds: string[] | null): Promise<TargetSelection> {
    table.tick();
    let selection = selectTargets(table.list(), streamIds);
    if (!selection.ok || streamIds === null) {
      // A controller seen moments ago may not have told its stream id yet: ask, then decide.
      await table.refreshUnknown(RESOLVE_LIMIT_MS);
      selection = selectTargets(table.list(), streamIds);
    }
    return selection;
  }

  agent.subscribeOnStart((args) => table.onHeartbeat(args), `${addressRoot}..feeds.heartbeat`, { match: 'wildcard' });

  agent.registerProcess('monitor', {
    startup: true,
    stop: true,
    params: [],
    docstring: MONITOR_DOC,
    run: async (session, _params, ctx) => {
      session.data = { smurfs: table.data };
      do table.tick();
      while (await ctx.sleep(Math.min(1000, (options.expireS ?? 20) * 250)));
      return [true, 'Monitor exited cleanly.'];
    },
  });

  for (const op of FAN_OUT_OPS) {
    const run = async (session: Parameters<FanOutRun['run']>[0], params: Record<string, unknown>, ctx: Parameters<FanOutRun['run']>[1]) => {
      const { forward, settings } = splitParams(op, params);
      const selection = await resolve(settings.streamIds);
      if (!selection.ok) return [false, selection.reason] as [boolean, string];
      return new FanOutRun(op, forward, settings, selection.live, selection.expired, link, table, timing).run(session, ctx);
    };
    const definition = { params: op.params, docstring: op.docstring, run };
    if (op.kind === 'task') agent.registerTask(op.name, { ...definition, abort: true });
    else agent.registerProcess(op.name, { ...definition, stop: true });
  }
  return agent;
}
