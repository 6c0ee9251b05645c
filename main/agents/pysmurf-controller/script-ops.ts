/**
 * The controller's script ops: `run` (any script in the allowed directories), `abort`, `tune_squids`
 * and the measurement ops, each running its configured site script as
 * `<interpreter> <script> --op <name> --params '<json>'`.
 */
import type { OpOutcome } from '../../ocs/op-definitions.js';
import { pyStr } from '../../ocs/py-format.js';
import { opBusyMessage, scriptBusyMessage } from './controller-lock.js';
import type { ControllerCore } from './controller-core.js';
import { opDocstring, paramDecls } from './op-params.js';
import { CONTROLLER_OPS, type ControllerOpSpec } from './op-specs.js';
import { findScript } from './script-paths.js';
import type { LogMode } from './script-log.js';

const SCRIPT_OPS = new Set(['run', 'abort', 'tune_squids', 'check_state', 'stream']);

/** Ops that run their site script with `--op/--params` (everything but run, abort, tune_squids, check_state, stream). */
export const MEASUREMENT_OPS: readonly ControllerOpSpec[] = CONTROLLER_OPS.filter((spec) => !SCRIPT_OPS.has(spec.name));

function specOf(name: string): ControllerOpSpec {
  const spec = CONTROLLER_OPS.find((s) => s.name === name);
  if (!spec) throw new Error(`op-specs.ts has no op "${name}"`);
  return spec;
}

function noScript(op: string): OpOutcome {
  return [false, `No script is configured for ${op} (op_scripts.${op} in the smurf site file)`];
}

/** Extra checks some ops make before anything runs; returns the refusal text or null. */
function precheck(op: string, params: Record<string, unknown>): string | null {
  if (op !== 'set_biases') return null;
  const { bias, bgs } = params;
  const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!isNumber(bias) && !(Array.isArray(bias) && bias.every(isNumber))) return `bias must be a number or a list of numbers (got ${pyStr(bias)})`;
  if (bgs !== null && !(Array.isArray(bgs) && bgs.every((bg) => Number.isInteger(bg) && (bg as number) >= 0 && (bg as number) < 12))) {
    return `bgs must be a list of bias groups 0..11 (got ${pyStr(bgs)})`;
  }
  // Upstream: bgs None means all 12 bias groups.
  const groups = Array.isArray(bgs) ? bgs.length : 12;
  if (Array.isArray(bias) && bias.length !== groups) return 'Number of biases must match number of bgs';
  return null;
}

/** What a successful measurement op changes in the slot's own view. */
function updateState(core: ControllerCore, op: string, data: Record<string, unknown>): void {
  if (typeof data.num_active_channels === 'number') core.state.numActiveChannels = data.num_active_channels;
  else if (Array.isArray(data.good_det_num)) core.state.numActiveChannels = data.good_det_num.reduce((sum: number, n) => sum + (typeof n === 'number' ? n : 0), 0);
  if (op === 'all_off') core.state.numActiveChannels = 0;
}

/** Registers run, abort, tune_squids and the measurement ops on the core's agent. */
export function registerScriptOps(core: ControllerCore): void {
  const { agent, site, lock } = core;

  const run = specOf('run');
  agent.registerTask('run', {
    params: paramDecls(run),
    docstring: opDocstring(run, `Allowed script directories: ${site.scriptDirs.join(', ')}. Success iff the script exits with code 0.`),
    abort: true,
    run: async (session, params, ctx) => {
      const found = findScript(params.script as string, site.scriptDirs);
      if (!found.ok) return [false, `Refused: ${found.reason}`];
      // Upstream stringifies every argument (str(arg)).
      const args = (params.args as unknown[]).map((arg) => pyStr(arg));
      if (!lock.tryAcquire(found.path)) return [false, scriptBusyMessage(lock.job!)];
      const outcome = await core.runScript({ op: 'run', script: found.path, args, log: params.log as LogMode, session, ctx, lockJob: found.path });
      return [outcome.exit.exitCode === 0, outcome.message];
    },
  });

  const abort = specOf('abort');
  agent.registerTask('abort', {
    params: paramDecls(abort),
    docstring: opDocstring(abort, 'Sends SIGINT to the script and everything it started, then SIGTERM and SIGKILL after the grace periods.'),
    run: async () => {
      const op = core.runningOp;
      if (op === null || !(await core.abortRunning())) return [true, 'No script is running'];
      return [true, 'Aborting process'];
    },
  });

  const tune = specOf('tune_squids');
  agent.registerTask('tune_squids', {
    params: paramDecls(tune),
    docstring: opDocstring(tune),
    abort: true,
    run: async (session, params, ctx) => {
      const script = site.opScripts.tune_squids;
      if (!script) return noScript('tune_squids');
      if (!lock.tryAcquire(script)) return [false, scriptBusyMessage(lock.job!)];
      const args = (params.args as unknown[]).map((arg) => pyStr(arg));
      const outcome = await core.runScript({ op: 'tune_squids', script, args, log: params.log as LogMode, session, ctx, lockJob: script });
      return [outcome.exit.exitCode === 0, outcome.message];
    },
  });

  for (const spec of MEASUREMENT_OPS) {
    agent.registerTask(spec.name, {
      params: paramDecls(spec),
      docstring: opDocstring(spec),
      abort: true,
      run: async (session, params, ctx) => {
        const refusal = precheck(spec.name, params);
        if (refusal) return [false, refusal];
        const script = site.opScripts[spec.name];
        if (!script) return noScript(spec.name);
        const job = spec.lockJob ?? spec.name;
        if (!lock.tryAcquire(job)) return [false, opBusyMessage(lock.job!)];
        const args = ['--op', spec.name, '--params', JSON.stringify(params)];
        const outcome = await core.runScript({ op: spec.name, script, args, log: true, session, ctx, lockJob: job });
        const ok = outcome.exit.exitCode === 0;
        session.data.result = { success: ok, exit_code: outcome.exit.exitCode, signal: outcome.exit.signal };
        if (!ok) return [false, `${spec.name} failed: ${outcome.message}`];
        updateState(core, spec.name, session.data);
        return [true, spec.doneMessage.replace('{bias}', pyStr(params.bias))];
      },
    });
  }
}
