/**
 * The slot-state ops: `check_state` (startup process, no lock) polls the slot every poll_interval
 * (through the site's check_state script, else from the controller's own view) and publishes the
 * result with the stream id; `stream` (process, lock "stream") runs the stream script until stopped
 * or for `duration` seconds.
 */
import type { OpRunContext } from '../../ocs/op-definitions.js';
import { launchScript } from '../../smurf/script-runner.js';
import { opBusyMessage } from './controller-lock.js';
import type { ControllerCore } from './controller-core.js';
import { opDocstring, paramDecls } from './op-params.js';
import { CONTROLLER_OPS } from './op-specs.js';

const CHECK_STATE = CONTROLLER_OPS.find((s) => s.name === 'check_state')!;
const STREAM = CONTROLLER_OPS.find((s) => s.name === 'stream')!;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs the check_state script once; resolves with the last JSON object it printed ({} on any failure). */
async function pollStateScript(core: ControllerCore, script: string, params: Record<string, unknown>, ctx: OpRunContext, timeoutMs: number): Promise<Record<string, unknown>> {
  let result: Record<string, unknown> = {};
  const running = launchScript({
    script,
    args: ['--op', 'check_state', '--params', JSON.stringify(params)],
    interpreters: core.site.interpreters,
    env: core.scriptEnv(),
    onLine: (stream, text) => {
      if (stream !== 'stdout' || !text.startsWith('{')) return;
      try {
        const parsed: unknown = JSON.parse(text);
        if (isRecord(parsed)) result = parsed;
      } catch {
        /* not a state line */
      }
    },
  });
  const stop = () => void running.abort({ sigintMs: 500, sigtermMs: 500 });
  const timer = setTimeout(stop, timeoutMs);
  ctx.signal.addEventListener('abort', stop, { once: true });
  const exit = await running.done;
  clearTimeout(timer);
  ctx.signal.removeEventListener('abort', stop);
  if (exit.exitCode !== 0) core.agent.logger.warn(`check_state script ended with ${exit.exitCode ?? exit.signal ?? exit.spawnError}`);
  return result;
}

/** Registers check_state and stream, and the `state_results` feed. */
export function registerStateOps(core: ControllerCore, pollInterval: number | undefined): void {
  const { agent, site, lock, identity, state } = core;
  agent.registerFeed('state_results', { record: true, aggParams: { frame_length: 60 } });

  /** The controller's own view of the slot. */
  const ownView = () => ({
    stream_id: identity.streamId,
    slot: identity.slot,
    crate: identity.crate,
    stream_on: state.streamOn,
    pysmurf_action: state.lastAction,
    pysmurf_action_timestamp: state.lastActionTs,
    num_active_channels: state.numActiveChannels,
    last_update: Date.now() / 1000,
  });

  agent.registerProcess('check_state', {
    params: paramDecls(CHECK_STATE),
    docstring: opDocstring(CHECK_STATE, 'session.data: stream_id, stream_on, pysmurf_action, pysmurf_action_timestamp, last_update, num_active_channels, slot, crate.'),
    startup: pollInterval !== undefined ? { poll_interval: pollInterval } : true,
    stop: true,
    run: async (session, params, ctx) => {
      const intervalMs = Math.max(0.05, params.poll_interval as number) * 1000;
      do {
        session.data = { ...session.data, ...ownView() };
        const script = site.opScripts.check_state;
        const fromScript = script ? await pollStateScript(core, script, params, ctx, Math.max(5000, intervalMs)) : {};
        if (ctx.stopRequested) break;
        // The controller knows best whether its stream runs and who it is; the script reports the rest.
        session.data = { ...ownView(), ...fromScript, ...ownView(), ...pick(fromScript, ['pysmurf_action', 'pysmurf_action_timestamp', 'num_active_channels']) };
        const active = session.data.num_active_channels;
        agent.publishToFeed('state_results', {
          block_name: 'state',
          timestamp: Date.now() / 1000,
          data: { open_g3stream: state.streamOn ? 1 : 0, num_active_channels: typeof active === 'number' ? active : 0 },
        });
        if (params.test_mode) break;
      } while (await ctx.sleep(intervalMs));
      return [true, CHECK_STATE.doneMessage];
    },
  });

  agent.registerProcess('stream', {
    params: paramDecls(STREAM),
    docstring: opDocstring(STREAM, 'session.data: stream_on, last_updated, stream_id, sid. Stop ends the stream script with SIGINT.'),
    stop: true,
    run: async (session, params, ctx) => {
      if (!lock.tryAcquire('stream')) return [false, opBusyMessage(lock.job!)];
      const started = Date.now() / 1000;
      session.data = { stream_on: false, last_updated: started, stream_id: identity.streamId, sid: null };
      const markOn = () => {
        if (state.streamOn && session.data.stream_on) return;
        state.streamOn = true;
        session.data.stream_on = true;
        session.data.sid ??= Math.floor(started);
      };
      const ticker = setInterval(() => (session.data.last_updated = Date.now() / 1000), 1000);
      const duration = typeof params.duration === 'number' ? params.duration : null;
      let fallback: NodeJS.Timeout | undefined;
      try {
        const script = site.opScripts.stream;
        if (!script) {
          // No stream script configured: the controller streams "virtually" until stopped or the duration ends.
          try {
            markOn();
            await ctx.sleep(duration !== null ? duration * 1000 : 2 ** 31 - 1);
          } finally {
            lock.release('stream');
          }
          return [true, STREAM.doneMessage];
        }
        // The script stops itself after `duration`; this only catches one that does not.
        if (duration !== null) fallback = setTimeout(() => void core.abortRunning('stream'), duration * 1000 + 10_000);
        const outcome = await core.runScript({
          op: 'stream',
          script,
          args: ['--op', 'stream', '--params', JSON.stringify(params)],
          log: true,
          session,
          ctx,
          lockJob: 'stream',
          onLine: markOn,
        });
        const ok = outcome.exit.exitCode === 0 || (outcome.aborted && ctx.stopRequested);
        return ok ? [true, STREAM.doneMessage] : [false, `stream failed: ${outcome.message}`];
      } finally {
        clearTimeout(fallback);
        clearInterval(ticker);
        state.streamOn = false;
        session.data.stream_on = false;
        session.data.last_updated = Date.now() / 1000;
      }
    },
  });
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in source).map((k) => [k, source[k]]));
}
