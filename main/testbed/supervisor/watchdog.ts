/**
 * SupervisorWatchdog: notices the station's supervisord dying without a shutdown (SIGKILL, crash) and
 * replaces it, retrying with backoff, so the agents it ran come back without anyone acting. A shutdown
 * removes supervisord's pid file; a pid file left naming a dead process is the sign of a kill or crash.
 */
import { existsSync } from 'node:fs';
import { silentLogger, type OcsLogger } from '../../ocs/logger.js';
import type { SupervisorBridge } from './bridge.js';
import { daemonPidFromFile } from './daemon.js';

/** One loss of supervisord and what the watchdog did about it. Times are Unix ms. */
export interface SupervisorLoss {
  /** The daemon that died. */
  pid: number;
  noticedAt: number;
  /** Replacement attempts so far. */
  attempts: number;
  /** The last attempt's failure (null once replaced or before the first attempt ends). */
  error: string | null;
  replacedBy: number | null;
  replacedAt: number | null;
  /** Programs the dead daemon had running, started again under the new one. */
  restarted: string[];
}

export interface SupervisorWatchdogOptions {
  bridge: Pick<SupervisorBridge, 'paths' | 'replace'>;
  /** Called when a loss is noticed and after each replacement attempt. */
  onChange(loss: SupervisorLoss): void;
  logger?: OcsLogger;
  /** How often the pid file is checked (default 1 s: a file read and a signal 0). */
  pollMs?: number;
  /** Delay before the second attempt, doubled per failure up to maxRetryMs (default 1 s and 30 s). */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

export class SupervisorWatchdog {
  private alive: number | null = null;
  private current: SupervisorLoss | null = null;
  private replacing = false;
  private stopped = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private wake: (() => void) | null = null;
  private readonly logger: OcsLogger;

  constructor(private readonly options: SupervisorWatchdogOptions) {
    this.logger = options.logger ?? silentLogger;
    this.timer = setInterval(() => this.check(), options.pollMs ?? 1_000);
    // Watching must not keep a closing process alive.
    this.timer.unref();
    this.check();
  }

  /** The latest loss (kept after the replacement, so the view can say what happened), or null. */
  get loss(): SupervisorLoss | null {
    return this.current && { ...this.current, restarted: [...this.current.restarted] };
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.wake?.();
  }

  private check(): void {
    if (this.replacing || this.stopped) return;
    const { paths } = this.options.bridge;
    const pid = daemonPidFromFile(paths);
    if (pid !== null) {
      this.alive = pid;
      return;
    }
    const lost = this.alive;
    this.alive = null;
    if (lost === null || !existsSync(paths.pidFile)) return;
    this.current = { pid: lost, noticedAt: Date.now(), attempts: 0, error: null, replacedBy: null, replacedAt: null, restarted: [] };
    this.logger.warn(`supervisord pid ${lost} is gone without shutting down (killed or crashed): replacing it`);
    void this.replaceLoop(this.current);
  }

  private async replaceLoop(loss: SupervisorLoss): Promise<void> {
    this.replacing = true;
    this.options.onChange(loss);
    let delay = this.options.firstRetryMs ?? 1_000;
    try {
      while (!this.stopped) {
        loss.attempts += 1;
        try {
          const { pid, restarted } = await this.options.bridge.replace();
          Object.assign(loss, { error: null, replacedBy: pid, replacedAt: Date.now(), restarted });
          this.alive = pid;
          this.logger.info(`supervisord replaced by pid ${pid}; programs started again: ${restarted.join(', ') || 'none'}`);
          return;
        } catch (error) {
          loss.error = error instanceof Error ? error.message : String(error);
          this.logger.warn(`supervisord replacement attempt ${loss.attempts} failed: ${loss.error}; next in ${delay} ms`);
        } finally {
          if (!this.stopped) this.options.onChange(loss);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        delay = Math.min(delay * 2, this.options.maxRetryMs ?? 30_000);
      }
    } finally {
      this.replacing = false;
      this.wake = null;
    }
  }
}

/** One line for the view: what happened to supervisord and where its replacement stands. */
export function describeLoss(loss: SupervisorLoss): string {
  const clock = (ms: number) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
  const died = `supervisord (pid ${loss.pid}) died at ${clock(loss.noticedAt)} without shutting down (killed or crashed)`;
  if (loss.replacedBy !== null && loss.replacedAt !== null) {
    return `${died}; replaced by pid ${loss.replacedBy} at ${clock(loss.replacedAt)}, programs started again: ${loss.restarted.join(', ') || 'none'}`;
  }
  const attempt = loss.attempts === 0 ? 'replacing it' : `replacing it (attempt ${loss.attempts}${loss.error ? ` failed: ${loss.error}` : ''})`;
  return `${died}; ${attempt}`;
}
