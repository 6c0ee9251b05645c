/**
 * What the controller's ops share: identity (slot, stream id), the single lock, the running script
 * (what `abort` ends), the publisher link, the slot's last known state, and `runScript`, the one way
 * an op runs a script (lock, log mode, recorder, session_data merge, late-datagram linger).
 */
import { basename } from 'node:path';
import type { OcsAgent } from '../../ocs/agent.js';
import type { OpRunContext } from '../../ocs/op-definitions.js';
import type { OpSession } from '../../ocs/session.js';
import { ownerMarker, SCRIPT_OWNER_ENV } from '../../smurf/orphan-scripts.js';
import { exitMessage, launchScript, type RunningScript, type ScriptExit } from '../../smurf/script-runner.js';
import { ControllerLock } from './controller-lock.js';
import { checkLogMode, ScriptLog, type LogMode } from './script-log.js';
import type { ScriptRunRecorder } from '../../smurf/script-run-recorder.js';
import type { SessionDataLink } from './session-data-link.js';
import type { SmurfSiteConfig } from './site-config.js';

export interface ControllerIdentity {
  slot: number;
  crate: number | null;
  streamId: string;
}

/** The slot as the controller itself last saw it (check_state's fallback view). */
export interface SlotState {
  streamOn: boolean;
  lastAction: string | null;
  lastActionTs: number | null;
  numActiveChannels: number | null;
}

export interface ScriptRunRequest {
  op: string;
  /** Absolute, already checked script path. */
  script: string;
  args: string[];
  log: LogMode;
  session: OpSession;
  ctx: OpRunContext;
  /** Lock job; the caller has already acquired it and runScript releases it. */
  lockJob: string;
  /** Called with each line as well (e.g. stream's "first output" detection). */
  onLine?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface ScriptRunOutcome {
  exit: ScriptExit;
  message: string;
  /** Abort (or OCS stop/abort) ended it. */
  aborted: boolean;
}

export class ControllerCore {
  readonly lock = new ControllerLock();
  readonly state: SlotState = { streamOn: false, lastAction: null, lastActionTs: null, numActiveChannels: null };
  /** The locked script running now (what `abort` ends). */
  private running: { op: string; script: RunningScript; aborted: boolean } | null = null;

  constructor(
    readonly agent: OcsAgent,
    readonly identity: ControllerIdentity,
    readonly site: SmurfSiteConfig,
    readonly udp: { host: string; port: number },
    readonly link: SessionDataLink | null,
    readonly recorder: ScriptRunRecorder | null,
  ) {}

  /** The environment a script gets on top of the agent's own (contract of the simulated and real scripts). */
  scriptEnv(): Record<string, string> {
    return {
      ...this.site.env,
      SLOT: String(this.identity.slot),
      SMURFPUB_ID: this.identity.streamId,
      SMURFPUB_BACKEND: 'udp',
      SMURFPUB_UDP_HOST: this.udp.host,
      SMURFPUB_UDP_PORT: String(this.udp.port),
      SMURF_DATA_DIR: this.site.dataDir,
      // Lets a restarted controller find and end scripts its killed predecessor left running.
      [SCRIPT_OWNER_ENV]: ownerMarker(this.agent.agentAddress),
      ...(this.identity.crate !== null ? { CRATE: String(this.identity.crate) } : {}),
      // Unbuffered output for live lines; no __pycache__ written next to the scripts.
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
    };
  }

  /** The op whose script runs now, or null. */
  get runningOp(): string | null {
    return this.running?.op ?? null;
  }

  /** Aborts the running locked script (whole tree); false when none runs. */
  async abortRunning(op?: string): Promise<boolean> {
    const running = this.running;
    if (!running || running.script.hasExited || (op !== undefined && running.op !== op)) return false;
    running.aborted = true;
    const result = await running.script.abort(this.site.grace);
    if (!result.gone) this.agent.logger.error(`abort: processes still alive after SIGKILL: ${result.members.join(', ')}`);
    return true;
  }

  /** Runs a script for an op under its (already acquired) lock job; always releases the lock. */
  async runScript(request: ScriptRunRequest): Promise<ScriptRunOutcome> {
    const { session, ctx } = request;
    try {
      const logProblem = checkLogMode(request.log);
      if (logProblem) return { exit: { exitCode: null, signal: null, spawnError: logProblem, leftovers: [] }, message: logProblem, aborted: false };
      const runId = this.recorder?.begin({
        controller: this.agent.agentAddress,
        streamId: this.identity.streamId,
        op: request.op,
        script: request.script,
        args: request.args,
        log: request.log,
        startedAt: Date.now() / 1000,
      });
      const log = new ScriptLog({
        mode: request.log,
        script: request.script,
        session,
        logger: this.agent.logger,
        maxSessionLines: this.site.maxSessionLines,
        record: runId === undefined ? undefined : (stream, text, time) => this.recorder!.line(runId, stream, text, time),
      });
      this.link?.setTarget(session);
      let script: RunningScript;
      try {
        script = launchScript({
          script: request.script,
          args: request.args,
          interpreters: this.site.interpreters,
          env: this.scriptEnv(),
          leftoverGrace: this.site.grace,
          onLine: (stream, text, time) => {
            log.line(stream, text, time);
            request.onLine?.(stream, text);
          },
        });
      } catch (error) {
        const message = `Could not start ${basename(request.script)}: ${(error as Error).message}`;
        if (runId !== undefined) this.recorder!.end(runId, { endedAt: Date.now() / 1000, exitCode: null, signal: null, success: false });
        return { exit: { exitCode: null, signal: null, spawnError: message, leftovers: [] }, message, aborted: false };
      }
      const running = { op: request.op, script, aborted: false };
      this.running = running;
      session.addMessage(`Running ${request.script}${request.args.length ? ` ${request.args.join(' ')}` : ''} (pid ${script.pid ?? '-'})`);
      const onStop = () => void this.abortRunning(request.op);
      ctx.signal.addEventListener('abort', onStop, { once: true });
      const exit = await script.done;
      ctx.signal.removeEventListener('abort', onStop);
      if (this.running === running) this.running = null;
      if (exit.leftovers.length > 0) {
        const ended = `Ended ${exit.leftovers.length} process(es) the script left running: pid ${exit.leftovers.join(', ')}`;
        session.addMessage(ended);
        this.agent.logger.warn(`${basename(request.script)}: ${ended}`);
      }
      await log.close();
      if (runId !== undefined) this.recorder!.end(runId, { endedAt: Date.now() / 1000, exitCode: exit.exitCode, signal: exit.signal, success: exit.exitCode === 0 });
      this.state.lastAction = request.op;
      this.state.lastActionTs = Math.floor(Date.now() / 1000);
      // Upstream keeps the session current for 1 s after exit: datagrams may still be on their way.
      if (this.link && this.site.sessionLingerMs > 0) await new Promise((resolve) => setTimeout(resolve, this.site.sessionLingerMs));
      return { exit, message: exitMessage(exit), aborted: running.aborted || ctx.stopRequested };
    } finally {
      if (this.link?.current === session) this.link.setTarget(null);
      this.lock.release(request.lockJob);
    }
  }
}
