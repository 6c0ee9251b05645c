import autobahn from 'autobahn';
import { muteRoutineAutobahnWarnings } from './autobahn-log.js';
import { failPendingCalls } from './client-wamp.js';
import { describeError } from './errors.js';
import { silentLogger, type OcsLogger } from './logger.js';

muteRoutineAutobahnWarnings();

/** How to retry after the router went away (or was never there). */
export interface ReconnectPolicy {
  /** First retry delay (ms). */
  initialDelayMs: number;
  /** Cap of the growing delay (ms). */
  maxDelayMs: number;
  /** Delay multiplier per failed attempt. */
  growth: number;
  /** Relative random spread of each delay (0.1 = ±10 %), so many agents do not retry in lockstep. */
  jitter: number;
  /** Give up after being disconnected this long (ms); 0 = retry forever (upstream `--crossbar-timeout 0`). */
  giveUpAfterMs: number;
}

// Retries at most ~4 s apart: an agent is back within 5 s of its router returning, however long the router was away.
export const DEFAULT_RECONNECT: ReconnectPolicy = { initialDelayMs: 1000, maxDelayMs: 4_000, growth: 1.5, jitter: 0.1, giveUpAfterMs: 0 };

export interface WampConnectionOptions {
  /** Router WebSocket URL, e.g. `ws://127.0.0.1:8001/ws`. */
  url: string;
  realm: string;
  reconnect?: Partial<ReconnectPolicy>;
  logger?: OcsLogger;
}

/** Why the session ended: WAMP close reason when the router said goodbye, else the transport's reason. */
export interface LeaveInfo {
  reason: string;
  willRetry: boolean;
}

type Listener<T> = (value: T) => void;

/**
 * One WAMP session that comes back after router restarts (autobahn-js underneath, JSON serializer).
 * Each (re)join is a fresh autobahn Session object; listeners get it in `onJoin`. Retrying is done
 * here rather than by autobahn-js, because autobahn-js stops retrying for good when the router sends
 * GOODBYE (e.g. on a graceful router shutdown), which an agent must survive.
 */
export class WampConnection {
  readonly url: string;
  readonly realm: string;
  private readonly policy: ReconnectPolicy;
  private readonly logger: OcsLogger;
  private readonly joinListeners = new Set<Listener<autobahn.Session>>();
  private readonly leaveListeners = new Set<Listener<LeaveInfo>>();
  private readonly giveUpListeners = new Set<Listener<void>>();
  private connection: autobahn.Connection | null = null;
  private current: autobahn.Session | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  private disconnectedSince: number | null = null;
  private closing = false;
  private closed: (() => void) | null = null;

  constructor(options: WampConnectionOptions) {
    this.url = options.url;
    this.realm = options.realm;
    this.policy = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.logger = options.logger ?? silentLogger;
  }

  /** The joined session, or null while (re)connecting. */
  get session(): autobahn.Session | null {
    return this.current?.isOpen ? this.current : null;
  }

  /** Starts connecting (and keeps reconnecting until close()). */
  open(): void {
    if (this.connection || this.retryTimer) return;
    this.closing = false;
    this.disconnectedSince = Date.now();
    this.attempt();
  }

  /** Leaves the realm with GOODBYE (if joined), closes the socket and stops retrying. */
  close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const connection = this.connection;
    if (!connection) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // The transport's close event normally resolves this; the timer covers a router that never answers GOODBYE.
      const fallback = setTimeout(resolve, 2000);
      this.closed = () => {
        clearTimeout(fallback);
        resolve();
      };
      try {
        connection.close('wamp.close.normal');
      } catch {
        // "connection already closed": nothing left to wait for.
        this.closed();
      }
    });
  }

  /** Calls `listener` with the fresh session after every successful join. Returns an unsubscribe function. */
  onJoin(listener: Listener<autobahn.Session>): () => void {
    this.joinListeners.add(listener);
    return () => this.joinListeners.delete(listener);
  }

  /** Calls `listener` whenever a joined session ends. Returns an unsubscribe function. */
  onLeave(listener: Listener<LeaveInfo>): () => void {
    this.leaveListeners.add(listener);
    return () => this.leaveListeners.delete(listener);
  }

  /** Calls `listener` once retrying stops because `giveUpAfterMs` passed. Returns an unsubscribe function. */
  onGiveUp(listener: Listener<void>): () => void {
    this.giveUpListeners.add(listener);
    return () => this.giveUpListeners.delete(listener);
  }

  private attempt(): void {
    this.retryTimer = null;
    const connection = new autobahn.Connection({
      url: this.url,
      realm: this.realm,
      // One attempt per autobahn Connection; the retry loop lives in scheduleRetry().
      max_retries: 0,
      retry_if_unreachable: false,
      use_es6_promises: true,
      serializers: [new (autobahn as unknown as AutobahnSerializers).serializer.JSONSerializer()],
      on_user_error: (error: unknown, message?: string) => this.logger.warn(`${message ?? 'handler error'} ${describeError(error)}`),
      on_internal_error: (error: unknown, message?: string) => this.logger.error(`${message ?? 'autobahn error'} ${describeError(error)}`),
    } as autobahn.IConnectionOptions);
    this.connection = connection;
    connection.onopen = (session) => {
      this.current = session;
      this.failedAttempts = 0;
      this.disconnectedSince = null;
      this.logger.info(`joined realm ${this.realm} at ${this.url}`);
      for (const listener of this.joinListeners) listener(session);
    };
    let ended = false;
    connection.onclose = (reason: string, details: { reason?: string | null }) => {
      // autobahn-js can report one failed attempt twice (unreachable, then lost): one retry per attempt.
      if (ended) return true;
      ended = true;
      const lost = this.current;
      const wasJoined = lost !== null;
      this.current = null;
      // A dropped transport (router killed) never reaches session.onleave: fail the calls still waiting on it.
      if (lost) failPendingCalls(lost, `WAMP connection to ${this.url} ${reason}${details?.reason ? ` (${details.reason})` : ''}`);
      if (this.connection === connection) this.connection = null;
      if (wasJoined) this.disconnectedSince = Date.now();
      const willRetry = !this.closing;
      if (wasJoined) {
        // Leaving is news only when we did not ask for it.
        (this.closing ? this.logger.info : this.logger.warn).call(this.logger, `left realm ${this.realm}: ${details?.reason ?? reason}`);
        for (const listener of this.leaveListeners) listener({ reason: details?.reason ?? reason, willRetry });
      }
      if (this.closing) {
        this.closed?.();
        this.closed = null;
      } else {
        this.scheduleRetry();
      }
      return true; // tells autobahn-js not to run its own retry logic
    };
    connection.open();
  }

  private scheduleRetry(): void {
    const { initialDelayMs, maxDelayMs, growth, jitter, giveUpAfterMs } = this.policy;
    if (giveUpAfterMs > 0 && this.disconnectedSince !== null && Date.now() - this.disconnectedSince >= giveUpAfterMs) {
      this.logger.error(`gave up reconnecting to ${this.url} after ${giveUpAfterMs} ms`);
      for (const listener of this.giveUpListeners) listener();
      return;
    }
    const base = Math.min(maxDelayMs, initialDelayMs * growth ** this.failedAttempts);
    const delay = Math.max(0, base * (1 + jitter * (2 * Math.random() - 1)));
    this.failedAttempts += 1;
    this.logger.debug(`reconnecting to ${this.url} in ${Math.round(delay)} ms`);
    this.retryTimer = setTimeout(() => this.attempt(), delay);
  }
}

/** autobahn-js exposes its serializers at runtime; @types/autobahn does not declare them. */
interface AutobahnSerializers {
  serializer: { JSONSerializer: new () => unknown };
}
