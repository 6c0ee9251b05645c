/**
 * One connection's lock level (a bridge socket, the desktop window): the level its requests are checked
 * against, unlocking up to the token's maximum, and the fall back to the start level after
 * `relockSeconds` without a request that needed more than the start level.
 */
import { atLeast, levelRefusal, lowerLevel, type AccessLevel, type AccessView } from '../../shared/access.js';
import { IpcError } from './ipc-error.js';

/** station.toml `[access]`: where connections start and how long an unlock lasts idle. */
export interface AccessSettings {
  startLevel: AccessLevel;
  relockSeconds: number;
}

export const ACCESS_DEFAULTS: Readonly<AccessSettings> = Object.freeze({ startLevel: 'operate', relockSeconds: 30 });

/** Why the view changed: an access:set, the idle fall back, or a request that restarted the idle timer. */
export type LockChange = 'set' | 'relock' | 'use';

export interface ConnectionLockOptions {
  settings: AccessSettings;
  /** The token's ceiling (maxLevelFor); the start level is capped by it. */
  maxLevel: AccessLevel;
  /** Called after every change of the view (the binding pushes `access:level` to its own connection). */
  onChange?(view: AccessView, change: LockChange): void;
}

export class ConnectionLock {
  private level: AccessLevel;
  private readonly startLevel: AccessLevel;
  private relockAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: ConnectionLockOptions) {
    this.startLevel = lowerLevel(options.settings.startLevel, options.maxLevel);
    this.level = this.startLevel;
  }

  view(): AccessView {
    return { level: this.level, startLevel: this.startLevel, maxLevel: this.options.maxLevel, relockAt: this.relockAt };
  }

  /** The refusal message when `channel` needs more than the current level; null when allowed. */
  refusal(channel: string, needed: AccessLevel): string | null {
    return atLeast(this.level, needed) ? null : levelRefusal(channel, needed, this.view());
  }

  /** An allowed request that needed `needed`: one above the start level restarts the idle timer. */
  use(needed: AccessLevel): void {
    if (atLeast(this.startLevel, needed) || this.relockAt === null) return;
    this.arm();
    this.options.onChange?.(this.view(), 'use');
  }

  /** Moves to `level`; above maxLevel is refused with `forbidden` and changes nothing. */
  set(level: AccessLevel): AccessView {
    if (!atLeast(this.options.maxLevel, level)) {
      const why = this.options.maxLevel === 'locked' ? 'this connection is read-only (opened with the read-only URL); open the control URL to act' : `this connection may unlock at most ${this.options.maxLevel}`;
      throw new IpcError('forbidden', `access:set ${level} refused: ${why}`);
    }
    this.level = level;
    if (atLeast(this.startLevel, level)) this.disarm();
    else this.arm();
    this.options.onChange?.(this.view(), 'set');
    return this.view();
  }

  /** Stops the relock timer (the connection is gone). */
  close(): void {
    this.closed = true;
    this.disarm();
  }

  private arm(): void {
    if (this.closed) return;
    const ms = this.options.settings.relockSeconds * 1000;
    if (this.timer) clearTimeout(this.timer);
    this.relockAt = Date.now() + ms;
    this.timer = setTimeout(() => this.relock(), ms);
    // A pending relock must not keep a CLI or test process alive.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.relockAt = null;
  }

  private relock(): void {
    this.timer = null;
    this.relockAt = null;
    this.level = this.startLevel;
    this.options.onChange?.(this.view(), 'relock');
  }
}
