import { OpCode, SESSION_STATUSES, type EncodedSession, type SessionStatus } from '../../shared/ocs-codes.js';
import { unixTime } from './clock.js';
import { jsonSafe } from './json-safe.js';

/** Message-buffer purge policy (upstream OpSession.purge_policy). */
export interface PurgePolicy {
  /** Messages older than this (s) may be dropped. */
  minAgeS: number;
  /** Always keep at least this many messages, even old ones. */
  minMessages: number;
  /** Never keep more than this many messages. */
  maxMessages: number;
}

export const DEFAULT_PURGE_POLICY: PurgePolicy = { minAgeS: 3600, minMessages: 5, maxMessages: 10_000 };

export interface OpSessionOptions {
  /** Credential level the session was started with (1 = BASIC under access policy "none"). */
  credLevel?: number;
  purgePolicy?: Partial<PurgePolicy>;
  /** Called for every message added (the agent logs them as `op:session_id text`). */
  onMessage?: (session: OpSession, text: string) => void;
  /** Clock in unix seconds; injectable for tests. */
  now?: () => number;
}

/**
 * One run of an Operation (upstream OpSession): status moves forward only through
 * starting → running → stopping → done, each change adds a `Status is now "<s>".` message.
 * Op code is derived from status, success and degraded; `encoded()` is the wire form.
 */
export class OpSession {
  readonly sessionId: number;
  readonly opName: string;
  readonly credLevel: number;
  readonly startTime: number;
  endTime: number | null = null;
  /** Set by the op to report it is not achieving its primary function (op code DEGRADED while running). */
  degraded = false;
  /** null until done; then whether the op reported success. */
  success: boolean | null = null;
  /** Op-specific data for clients; NaN becomes null on the wire, ±Infinity is rejected. */
  data: Record<string, unknown> = {};
  messages: Array<[number, string]> = [];

  private currentStatus: SessionStatus;
  private readonly purgePolicy: PurgePolicy;
  private readonly onMessage?: (session: OpSession, text: string) => void;
  private readonly now: () => number;
  private lastPurge: number;
  private resolveDone!: () => void;
  private readonly done: Promise<void>;

  constructor(sessionId: number, opName: string, options: OpSessionOptions = {}) {
    this.sessionId = sessionId;
    this.opName = opName;
    this.credLevel = options.credLevel ?? 1;
    this.purgePolicy = { ...DEFAULT_PURGE_POLICY, ...options.purgePolicy };
    this.onMessage = options.onMessage;
    this.now = options.now ?? unixTime;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.startTime = this.now();
    this.lastPurge = this.startTime;
    this.currentStatus = 'starting';
    this.addMessage('Status is now "starting".', this.startTime);
  }

  get status(): SessionStatus {
    return this.currentStatus;
  }

  /** True once the session reached `done`. */
  get isDone(): boolean {
    return this.currentStatus === 'done';
  }

  /** Resolves when the session reaches `done` (never rejects). */
  whenDone(): Promise<void> {
    return this.done;
  }

  /**
   * Moves the status forward; a repeat of the current status is a no-op, a backward move throws
   * (upstream asserts the same). `done` also stamps end_time.
   */
  setStatus(status: SessionStatus, timestamp = this.now()): void {
    const from = SESSION_STATUSES.indexOf(this.currentStatus);
    const to = SESSION_STATUSES.indexOf(status);
    if (to < 0) throw new Error(`Invalid session status "${String(status)}".`);
    if (to < from) throw new Error(`Session status can only move forward (${this.currentStatus} -> ${status}).`);
    if (to === from) return;
    this.currentStatus = status;
    if (status === 'done') this.endTime = timestamp;
    this.addMessage(`Status is now "${status}".`, timestamp);
    if (status === 'done') this.resolveDone();
  }

  /** Appends a `[timestamp, text]` message and applies the purge policy when due. */
  addMessage(text: string, timestamp = this.now()): void {
    this.messages.push([timestamp, text]);
    this.onMessage?.(this, text);
    this.purgeIfDue();
  }

  /** OpCode from status, success and degraded (upstream OpSession.op_code). */
  get opCode(): OpCode {
    switch (this.currentStatus) {
      case 'starting':
        return OpCode.STARTING;
      case 'running':
        return this.degraded ? OpCode.DEGRADED : OpCode.RUNNING;
      case 'stopping':
        return OpCode.STOPPING;
      default:
        return this.success ? OpCode.SUCCEEDED : OpCode.FAILED;
    }
  }

  /** Drops old messages: keep ≤ maxMessages, and drop those older than minAgeS beyond the first minMessages. */
  purge(now = this.now()): void {
    const { minAgeS, minMessages, maxMessages } = this.purgePolicy;
    const cutoff = now - minAgeS;
    let drop = 0;
    const n = this.messages.length;
    while (n - drop > maxMessages || (n - drop > minMessages && this.messages[drop][0] < cutoff)) drop += 1;
    if (drop > 0) this.messages.splice(0, drop);
    this.lastPurge = now;
  }

  /** Wire form (upstream OpSession.encoded()); throws JsonSafeError if data holds ±Infinity. */
  encoded(): EncodedSession {
    this.purgeIfDue();
    return {
      session_id: this.sessionId,
      op_name: this.opName,
      op_code: this.opCode,
      cred_level: this.credLevel,
      status: this.currentStatus,
      degraded: this.degraded,
      success: this.success,
      start_time: this.startTime,
      end_time: this.endTime,
      data: jsonSafe(this.data) as Record<string, unknown>,
      messages: this.messages.map(([t, text]) => [t, text] as [number, string]),
    };
  }

  // Upstream purges on a 720 s timer (max(min_age_s / 5, 600)); purging lazily on the same cadence needs no timer.
  private purgeIfDue(): void {
    const now = this.now();
    const interval = Math.max(this.purgePolicy.minAgeS / 5, 600);
    if (now - this.lastPurge >= interval || this.messages.length > this.purgePolicy.maxMessages * 2) this.purge(now);
  }
}
