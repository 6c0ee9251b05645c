import { describeError } from './errors.js';
import type { OcsLogger } from './logger.js';
import type { OpOutcome, OpRunContext, RegisteredOp } from './op-definitions.js';
import { ParamError } from './params.js';
import { pyStr } from './py-format.js';
import type { OpSession } from './session.js';

function isOutcome(value: unknown): value is OpOutcome {
  return Array.isArray(value) && value.length === 2;
}

/** Run context whose signal fires when stop/abort is requested. */
class RunContext implements OpRunContext {
  private readonly controller = new AbortController();

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get stopRequested(): boolean {
    return this.controller.signal.aborted;
  }

  requestStop(): void {
    this.controller.abort();
  }

  sleep(ms: number): Promise<boolean> {
    if (this.stopRequested) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * Executes op bodies and their stop/abort hooks the way upstream's reactor does: the body starts on
 * a later turn of the event loop with status `running`; its `[ok, message]` (or exception) ends the
 * session with `done`. Stoppers also run on a later turn, so stop/abort replies go out first.
 */
export class OpRunner {
  private readonly contexts = new Map<OpSession, RunContext>();

  constructor(private readonly logger: OcsLogger) {}

  /** Schedules `op.run` for `session`; never throws, failures end the session as FAILED. */
  launch(op: RegisteredOp, session: OpSession, params: Record<string, unknown>): void {
    const ctx = new RunContext();
    this.contexts.set(session, ctx);
    setImmediate(() => void this.execute(op, session, params, ctx));
  }

  /** True if `op` can react to stop/abort (tasks without an aborter cannot). */
  canStop(op: RegisteredOp): boolean {
    return op.stopHook !== undefined;
  }

  /**
   * Schedules the stop/abort: status becomes `stopping`, the run's signal fires, then the hook runs.
   * A task without an aborter is left alone (upstream's default threaded aborter fails the same silent way).
   */
  requestStop(op: RegisteredOp, session: OpSession, params: Record<string, unknown>): void {
    if (!this.canStop(op)) {
      this.logger.warn(`${op.name}: abort requested but the task has no aborter; ignoring`);
      return;
    }
    setImmediate(() => void this.executeStop(op, session, params));
  }

  private async execute(op: RegisteredOp, session: OpSession, params: Record<string, unknown>, ctx: RunContext): Promise<void> {
    try {
      if (session.status === 'starting') session.setStatus('running');
      const outcome: unknown = await op.run(session, params, ctx);
      if (!isOutcome(outcome)) throw new TypeError(`op returned ${pyStr(outcome)}; expected [ok, message]`);
      session.addMessage(pyStr(outcome[1]));
      session.success = Boolean(outcome[0]);
    } catch (error) {
      session.addMessage(error instanceof ParamError ? `ERROR: ${error.message}` : `CRASH: ${describeError(error)}`);
      session.success = false;
    } finally {
      this.contexts.delete(session);
      session.setStatus('done');
    }
  }

  private async executeStop(op: RegisteredOp, session: OpSession, params: Record<string, unknown>): Promise<void> {
    if (session.isDone) return;
    session.setStatus('stopping');
    this.contexts.get(session)?.requestStop();
    if (typeof op.stopHook !== 'function') return;
    try {
      const result = await op.stopHook(session, params);
      this.logger.debug(`Stopper for "${op.name}" terminated with ${pyStr(result ?? null)}`);
    } catch (error) {
      this.logger.error(`Error calling stopper for "${op.name}": ${describeError(error)}`);
    }
  }
}
