/**
 * A lightweight PysmurfController stand-in for the fan-out benchmark and the manager's tests: a
 * real OcsAgent of class `PysmurfController` with the controller's op names, a `check_state`
 * process that publishes its stream id, and ops that just take a configurable time (no scripts).
 */
import { OcsAgent } from '../ocs/agent.js';
import type { OcsLogger } from '../ocs/logger.js';
import type { OpOutcome, OpRunContext } from '../ocs/op-definitions.js';
import type { OpSession } from '../ocs/session.js';
import { param } from '../ocs/params.js';
import { CONTROLLER_OPS } from '../agents/pysmurf-controller/op-specs.js';

/** The line the lite-controllers child process prints once all its controllers have joined. */
export const CONTROLLERS_READY = 'SMURF_CONTROLLERS_READY';

/** How the lite controller's ops behave; change it at any time (read when an op starts). */
export interface LiteBehaviour {
  /** How long every op takes, ms. */
  durationMs: number;
  /** Ops that end with success=false. */
  failOps: Set<string>;
}

export interface LiteControllerOptions {
  instanceId: string;
  streamId: string;
  addressRoot?: string;
  logger?: OcsLogger;
  crate?: number;
  slot?: number;
  behaviour?: Partial<LiteBehaviour>;
}

export interface LiteController {
  agent: OcsAgent;
  behaviour: LiteBehaviour;
  /** Params each op was last started with (what the manager forwarded). */
  lastParams: Map<string, Record<string, unknown>>;
}

/** Builds (does not connect) one lite controller. */
export function createLiteController(options: LiteControllerOptions): LiteController {
  const agent = new OcsAgent({ agentClass: 'PysmurfController', instanceId: options.instanceId, addressRoot: options.addressRoot, logger: options.logger });
  const behaviour: LiteBehaviour = { durationMs: 500, failOps: new Set(), ...options.behaviour };
  const lastParams = new Map<string, Record<string, unknown>>();
  let running: { name: string; stop: () => void } | null = null;

  agent.registerProcess('check_state', {
    startup: true,
    stop: true,
    params: [param('poll_interval', { default: 10, type: 'float' }), param('test_mode', { default: false, type: 'bool' })],
    run: async (session, _params, ctx) => {
      do session.data = { stream_id: options.streamId, crate: options.crate ?? null, slot: options.slot ?? null, last_update: Date.now() / 1000 };
      while (await ctx.sleep(10_000));
      return [true, 'Finished checking state'];
    },
  });
  agent.registerTask('abort', {
    params: [],
    run: () => {
      if (!running) return [true, 'No script is running'];
      running.stop();
      return [true, `Aborting ${running.name}`];
    },
  });
  for (const spec of CONTROLLER_OPS) {
    if (spec.name === 'check_state' || spec.name === 'abort') continue;
    const definition = {
      // No declared params: whatever the manager forwards arrives as is and is recorded (forwarding is what is tested).
      run: async (session: OpSession, params: Record<string, unknown>, ctx: OpRunContext): Promise<OpOutcome> => {
        lastParams.set(spec.name, params);
        session.data = { params };
        const stopper = new AbortController();
        running = { name: spec.name, stop: () => stopper.abort() };
        const finished = await Promise.race([ctx.sleep(behaviour.durationMs), new Promise<boolean>((r) => stopper.signal.addEventListener('abort', () => r(false)))]);
        running = null;
        if (!finished) return [false, `${spec.name} was aborted`];
        return behaviour.failOps.has(spec.name) ? [false, `${spec.name} failed on purpose`] : [true, spec.doneMessage];
      },
    };
    if (spec.kind === 'process') agent.registerProcess(spec.name, { ...definition, stop: true });
    else agent.registerTask(spec.name, definition);
  }
  return { agent, behaviour, lastParams };
}
