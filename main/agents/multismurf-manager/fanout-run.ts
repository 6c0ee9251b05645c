/**
 * One fan-out: starts a controller op on every target (all at once, or one after another), follows
 * each with OCS `wait` in short slices so session.data shows per-target progress, and succeeds when
 * enough targets succeeded. A target that disappears, expires or overruns its timeout fails on its
 * own with a clear reason; nothing waits forever.
 */
import { ResponseCode, type EncodedSession } from '../../../shared/ocs-codes.js';
import type { OpOutcome, OpRunContext } from '../../ocs/op-definitions.js';
import type { OpSession } from '../../ocs/session.js';
import { describeCallFailure, NoReplyError, type ControllerLink } from './controller-link.js';
import type { FanOutOpSpec, FanOutSettings } from './fanout-params.js';
import type { SmurfTable } from './smurf-table.js';
import type { FanOutTarget } from './target-selection.js';

export interface FanOutTiming {
  /** Longest single `wait` slice, ms: how often session.data sees a running target's progress. */
  pollIntervalMs: number;
  /** After an abort/stop/timeout, how long a target may take to end before it is given up. */
  stopGraceMs: number;
  /** Limit for calls that should answer at once (start, abort, stop). */
  callLimitMs: number;
}

/** session.data of a fan-out op. */
export interface FanOutData {
  op_name: string;
  stream_ids: string[];
  mode: string;
  sessions: Record<string, EncodedSession>;
  failed: Record<string, string>;
  expired: string[];
  succeeded: string[];
  addresses: Record<string, string>;
}

/** Controller session messages kept per target in the fan-out's session.data. */
const KEPT_MESSAGES = 100;

interface TargetState extends FanOutTarget {
  sessionId: number | null;
  stopSentAt: number | null;
  timedOut: boolean;
}

/** Runs one fan-out op session. */
export class FanOutRun {
  private readonly data: FanOutData;
  private readonly started = new Set<TargetState>();
  private stopping = false;

  constructor(
    private readonly op: FanOutOpSpec,
    private readonly forward: Record<string, unknown>,
    private readonly settings: FanOutSettings,
    private readonly live: readonly FanOutTarget[],
    private readonly expired: readonly FanOutTarget[],
    private readonly link: ControllerLink,
    private readonly table: SmurfTable,
    private readonly timing: FanOutTiming,
  ) {
    const all = [...live, ...expired];
    this.data = {
      op_name: op.name,
      stream_ids: all.map((t) => t.streamId),
      mode: settings.mode,
      sessions: {},
      failed: {},
      expired: expired.map((t) => t.streamId),
      succeeded: [],
      addresses: Object.fromEntries(all.map((t) => [t.streamId, t.address])),
    };
  }

  /** The op body: returns the aggregated `[ok, message]`. */
  async run(session: OpSession, ctx: OpRunContext): Promise<OpOutcome> {
    session.data = this.data as unknown as Record<string, unknown>;
    const total = this.live.length + this.expired.length;
    if (total === 0) return [false, `No live PysmurfControllers to run ${this.op.name} on`];
    for (const t of this.expired) this.fail(session, t.streamId, `expired: no heartbeat for ${this.table.silentFor(t.address).toFixed(0)} s; not commanded`);
    const targets = this.live.map((t): TargetState => ({ ...t, sessionId: null, stopSentAt: null, timedOut: false }));
    ctx.signal.addEventListener('abort', () => void this.stopAll(session), { once: true });
    session.addMessage(`Running ${this.op.name} on ${targets.length} target(s) (${this.settings.mode}): ${targets.map((t) => t.streamId).join(', ')}`);
    if (this.settings.mode === 'parallel') {
      await Promise.all(targets.map((t) => this.runTarget(session, t)));
    } else {
      for (const t of targets) {
        if (this.stopping) this.fail(session, t.streamId, 'not started: the fan-out was stopped');
        else await this.runTarget(session, t);
      }
    }
    return this.outcome(total);
  }

  private outcome(total: number): OpOutcome {
    const successes = this.data.succeeded.length;
    const required = this.settings.minSuccesses ?? total;
    const failed = Object.entries(this.data.failed).map(([id, reason]) => `${id} (${reason})`);
    const tally = `${successes} of ${total} target(s) succeeded${required !== total ? `, ${required} required` : ''}`;
    if (this.stopping && this.op.kind === 'task') return [false, `${this.op.name} aborted: ${tally}${failed.length ? `; failed: ${failed.join(', ')}` : ''}`];
    if (successes >= required) {
      return [true, failed.length ? `${this.op.name}: ${tally}; failed: ${failed.join(', ')}` : `${this.op.name} succeeded on ${this.data.succeeded.join(', ')}`];
    }
    return [false, `${this.op.name} failed: ${tally}; failed: ${failed.join(', ')}`];
  }

  private async runTarget(session: OpSession, t: TargetState): Promise<void> {
    if (this.stopping) return this.fail(session, t.streamId, 'not started: the fan-out was stopped');
    let reply;
    try {
      reply = await this.link.request(t.address, 'start', this.op.name, { params: this.forward }, this.timing.callLimitMs);
    } catch (error) {
      return this.fail(session, t.streamId, `could not start: ${describeCallFailure(error)}`);
    }
    if (reply.status !== ResponseCode.OK || !reply.session) return this.fail(session, t.streamId, `start refused: ${reply.message}`);
    t.sessionId = reply.session.session_id;
    this.started.add(t);
    this.record(t, reply.session);
    // The fan-out may have been stopped while this start was in flight.
    if (this.stopping) void this.stopTarget(session, t);
    await this.follow(session, t, Date.now());
  }

  /** Waits for the target's session to end, in slices of at most pollIntervalMs. */
  private async follow(session: OpSession, t: TargetState, startedAt: number): Promise<void> {
    const deadline = this.settings.timeoutS === null ? Infinity : startedAt + this.settings.timeoutS * 1000;
    for (;;) {
      const now = Date.now();
      if (t.stopSentAt === null && now >= deadline) {
        t.timedOut = true;
        session.addMessage(`${t.streamId}: timed out after ${this.settings.timeoutS} s; stopping it`);
        void this.stopTarget(session, t);
      }
      if (t.stopSentAt !== null && now - t.stopSentAt > this.timing.stopGraceMs) {
        return this.fail(session, t.streamId, `${t.timedOut ? `timed out after ${this.settings.timeoutS} s and ` : ''}did not end within ${this.timing.stopGraceMs / 1000} s of the ${this.stopVerb()}`);
      }
      // Once the stop is sent the deadline no longer bounds the slice (the stop grace does).
      const sliceMs = Math.max(0, Math.min(this.timing.pollIntervalMs, t.stopSentAt === null ? deadline - now : Infinity));
      let reply;
      try {
        reply = await this.link.request(t.address, 'wait', this.op.name, { timeout: sliceMs / 1000 }, sliceMs + this.timing.callLimitMs);
      } catch (error) {
        if (error instanceof NoReplyError && !this.table.isExpired(t.address)) continue; // slow, but still heartbeating
        return this.fail(session, t.streamId, this.table.isExpired(t.address) ? this.expiredText(t) : `lost: ${describeCallFailure(error)}`);
      }
      if (this.table.isExpired(t.address)) return this.fail(session, t.streamId, this.expiredText(t));
      const current = reply.session;
      if (reply.status === ResponseCode.ERROR || !current) return this.fail(session, t.streamId, `wait failed: ${reply.message}`);
      if (current.session_id !== t.sessionId) return this.fail(session, t.streamId, `its ${this.op.name} session was replaced by another start (session ${current.session_id})`);
      this.record(t, current);
      if (current.status === 'done') return this.finish(session, t, current);
    }
  }

  private finish(session: OpSession, t: TargetState, final: EncodedSession): void {
    const message = outcomeMessage(final);
    if (t.timedOut) return this.fail(session, t.streamId, `timed out after ${this.settings.timeoutS} s (${message})`);
    if (final.success !== true) return this.fail(session, t.streamId, message);
    this.data.succeeded.push(t.streamId);
    session.addMessage(`${t.streamId}: succeeded: ${message}`);
  }

  private fail(session: OpSession, streamId: string, reason: string): void {
    this.data.failed[streamId] = reason;
    session.addMessage(`${streamId}: FAILED: ${reason}`);
  }

  // Script output can fill a controller session with hundreds of lines; the fan-out keeps the latest ones.
  private record(t: TargetState, encoded: EncodedSession): void {
    const messages = Array.isArray(encoded.messages) ? encoded.messages : [];
    this.data.sessions[t.streamId] = messages.length > KEPT_MESSAGES ? { ...encoded, messages: messages.slice(-KEPT_MESSAGES) } : encoded;
  }

  private expiredText(t: TargetState): string {
    return `controller expired (no heartbeat for ${this.table.silentFor(t.address).toFixed(0)} s)`;
  }

  private stopVerb(): string {
    return this.op.kind === 'process' ? 'stop' : 'abort';
  }

  /** OCS abort/stop of the fan-out: stops every started target that is still running. */
  private async stopAll(session: OpSession): Promise<void> {
    this.stopping = true;
    session.addMessage(`${this.stopVerb()} requested: ${this.stopVerb()}ping the running targets`);
    await Promise.all([...this.started].map((t) => this.stopTarget(session, t)));
  }

  /**
   * Stops one target's op: processes get OCS `stop`, abortable tasks OCS `abort`; a script task
   * without an aborter is ended through the controller's own `abort` task (which ends its script).
   */
  private async stopTarget(session: OpSession, t: TargetState): Promise<void> {
    if (t.stopSentAt !== null || this.data.succeeded.includes(t.streamId) || t.streamId in this.data.failed) return;
    t.stopSentAt = Date.now();
    if (this.op.name === 'abort') return; // the controller's abort task ends by itself at once
    const info = this.table.opInfo(t.address, this.op.name);
    const kind = info?.kind ?? this.op.kind;
    try {
      const reply =
        kind === 'process'
          ? await this.link.request(t.address, 'stop', this.op.name, {}, this.timing.callLimitMs)
          : info?.abortable
            ? await this.link.request(t.address, 'abort', this.op.name, {}, this.timing.callLimitMs)
            : await this.link.request(t.address, 'start', 'abort', { params: {} }, this.timing.callLimitMs);
      session.addMessage(`${t.streamId}: ${this.stopVerb()} sent: ${reply.message}`);
    } catch (error) {
      session.addMessage(`${t.streamId}: ${this.stopVerb()} failed: ${describeCallFailure(error)}`);
    }
  }
}

/** The op's own closing message (the last one before `Status is now "done".`). */
export function outcomeMessage(session: EncodedSession): string {
  const messages = Array.isArray(session.messages) ? session.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const text = messages[i][1];
    if (!/^Status is now "/.test(text)) return text;
  }
  return session.success ? 'succeeded' : 'failed';
}
