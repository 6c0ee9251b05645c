/** SupervisorBridge: the station's own supervisord, started on demand and driven over XML-RPC. */
import { existsSync } from 'node:fs';
import type { OcsLogger } from '../../ocs/logger.js';
import { silentLogger } from '../../ocs/logger.js';
import { SupervisorClient, type ConfigChanges, type ProcessInfo, type ProcessStateName } from './client.js';
import { ensureSupervisorDirs, renderSupervisorConfig, supervisorIdentifier, supervisorPaths, writeFileAtomically, type SupervisorPaths, type SupervisorProgram } from './config.js';
import { daemonPidFromFile, launchDaemon, releaseLaunchLock, removeStaleFiles, tryLaunchLock, waitForExit } from './daemon.js';
import { SupervisorFault, SupervisorFaultCode, SupervisorUnavailable, UnknownSupervisorProgram } from './errors.js';
import { requireSupervisord, type LocateOptions } from './locate.js';
import { stopOrphanedPrograms, type ProgramProcess } from './orphans.js';

/** Options of a SupervisorBridge. */
export interface SupervisorBridgeOptions extends LocateOptions {
  /** The station's data directory; everything lives under `<dataDir>/testbed`. */
  dataDir: string;
  /** Programs to run; can also be given to ensureRunning. */
  programs?: readonly SupervisorProgram[];
  /** Socket owner name (default: the current OS user). */
  user?: string;
  logger?: OcsLogger;
  /** How long supervisord may take to answer after launch (default 10 s; it usually takes 0.3 s). */
  startTimeoutMs?: number;
  /** Per-call XML-RPC timeout (default 10 s; startProcess with wait lasts startsecs). */
  rpcTimeoutMs?: number;
}

/** One program as the station shows it. */
export interface ProgramStatus {
  name: string;
  state: ProcessStateName;
  /** null unless the process is running (or starting/stopping). */
  pid: number | null;
  /** Seconds since start while RUNNING, else 0. */
  uptimeSeconds: number;
  exitStatus: number;
  /** Why the last spawn failed ('' if it did not). */
  spawnError: string;
  logfile: string;
  /** supervisord's own one-line summary, e.g. "pid 123, uptime 0:00:05". */
  description: string;
}

/** What ensureRunning did. */
export interface EnsureRunningResult {
  pid: number;
  /** true if this call launched supervisord, false if it reused a running one. */
  started: boolean;
  /** Program groups added, changed (stopped and re-added) or removed in a reused supervisord. */
  changes: ConfigChanges;
}

function toStatus(info: ProcessInfo): ProgramStatus {
  const running = info.statename === 'RUNNING';
  return {
    name: info.name,
    state: info.statename,
    pid: info.pid > 0 ? info.pid : null,
    uptimeSeconds: running && info.start > 0 ? Math.max(0, info.now - info.start) : 0,
    exitStatus: info.exitstatus,
    spawnError: info.spawnerr,
    logfile: info.stdout_logfile || info.logfile,
    description: info.description,
  };
}

function isFault(error: unknown, ...codes: number[]): boolean {
  return error instanceof SupervisorFault && codes.includes(error.code);
}

/** Drives the station's supervisord; safe to share between the UI, the CLI and the agent manager. */
export class SupervisorBridge {
  readonly paths: SupervisorPaths;
  readonly client: SupervisorClient;
  private programs: readonly SupervisorProgram[];
  private readonly logger: OcsLogger;
  private readonly identifier: string;
  private ensuring: Promise<EnsureRunningResult> | undefined;

  constructor(private readonly options: SupervisorBridgeOptions) {
    this.paths = supervisorPaths(options.dataDir, options.user);
    this.client = new SupervisorClient(this.paths.socketPath, options.rpcTimeoutMs);
    this.programs = options.programs ?? [];
    this.logger = options.logger ?? silentLogger;
    this.identifier = supervisorIdentifier(this.paths.dir);
  }

  /** Names of the configured programs (the allowlist for start/stop/tail). */
  programNames(): string[] {
    return this.programs.map((p) => p.name);
  }

  /** True if our supervisord answers on our socket. */
  async isRunning(): Promise<boolean> {
    return (await this.answeringIdentity()) === this.identifier;
  }

  /**
   * Makes sure our supervisord runs with the current programs: writes the config (atomically), reuses a
   * daemon already answering on our socket (reloadConfig + add/remove groups: always, since the file may
   * have changed under an earlier run), else cleans stale files and launches `supervisord -c <config>`.
   * Concurrent calls share one attempt.
   */
  ensureRunning(programs?: readonly SupervisorProgram[]): Promise<EnsureRunningResult> {
    if (programs) this.programs = programs;
    this.ensuring ??= this.doEnsureRunning().finally(() => (this.ensuring = undefined));
    return this.ensuring;
  }

  private async doEnsureRunning(): Promise<EnsureRunningResult> {
    // Render first: a bad program definition must fail before anything is written or started.
    const text = renderSupervisorConfig({ dir: this.paths.dir, programs: this.programs, socketPath: this.paths.socketPath });
    ensureSupervisorDirs(this.paths);
    writeFileAtomically(this.paths.configPath, text);
    if (await this.reusable()) {
      const changes = await this.applyConfig();
      const pid = await this.client.getPID();
      this.logger.info(`reusing supervisord pid ${pid} on ${this.paths.socketPath}`);
      return { pid, started: false, changes };
    }
    const launched = await this.launch();
    if (!launched.started) return { pid: launched.pid, started: false, changes: await this.applyConfig() };
    return { pid: launched.pid, started: true, changes: { added: this.programNames(), changed: [], removed: [] } };
  }

  /**
   * Replaces a supervisord that died without shutting down (SIGKILL, crash), from the config file as it
   * is: the programs it left running are stopped, then started again under the new daemon. A daemon that
   * answers is kept. Resolves with its pid and the programs started again.
   */
  async replace(): Promise<{ pid: number; started: boolean; restarted: string[] }> {
    if (!existsSync(this.paths.configPath)) throw new SupervisorUnavailable(`no supervisord config to start from (${this.paths.configPath})`);
    const launched = await this.launch();
    const names = [...new Set(launched.orphans.map((orphan) => orphan.program))].filter((name) => name !== '').sort();
    // A program no longer in the config (BAD_NAME) stays stopped; already started (by someone else) is fine.
    const outcomes = await Promise.all(names.map((name) => this.client.startProcess(name, true).then(() => true, (e: unknown) => {
      if (isFault(e, SupervisorFaultCode.ALREADY_STARTED)) return true;
      if (isFault(e, SupervisorFaultCode.BAD_NAME)) return false;
      throw e;
    })));
    return { pid: launched.pid, started: launched.started, restarted: names.filter((_name, i) => outcomes[i]) };
  }

  /** Launches supervisord on the config file unless it answers (or another caller is launching it). */
  private async launch(): Promise<{ pid: number; started: boolean; orphans: ProgramProcess[] }> {
    const binary = requireSupervisord(this.options);
    if (!tryLaunchLock(this.paths)) {
      // Another bridge (here or in another station process) is launching it right now: wait for that one.
      return { pid: await this.waitUntilAnswering(), started: false, orphans: [] };
    }
    try {
      // It may have come up between our first look and taking the lock.
      if (await this.isRunning()) return { pid: await this.client.getPID(), started: false, orphans: [] };
      const orphans = await stopOrphanedPrograms(this.paths.socketPath);
      if (orphans.length > 0) this.logger.warn(`stopped ${orphans.length} processes a dead supervisord left running (pids ${orphans.map((o) => o.pid).join(', ')})`);
      removeStaleFiles(this.paths);
      await launchDaemon(binary, this.paths, this.options.env ?? process.env, this.startTimeoutMs());
      const pid = await this.waitUntilAnswering();
      this.logger.info(`started supervisord pid ${pid} with ${this.paths.configPath}`);
      return { pid, started: true, orphans };
    } finally {
      releaseLaunchLock(this.paths);
    }
  }

  private startTimeoutMs(): number {
    return this.options.startTimeoutMs ?? 10_000;
  }

  private async answeringIdentity(): Promise<string | null> {
    if (!existsSync(this.paths.socketPath)) return null;
    try {
      return await this.client.getIdentification();
    } catch {
      return null;
    }
  }

  /** Our daemon answers (possibly after finishing its start-up), or it is gone and may be replaced. */
  private async reusable(): Promise<boolean> {
    const identity = await this.answeringIdentity();
    if (identity === this.identifier) return true;
    if (identity !== null) throw new SupervisorUnavailable(`another supervisord ("${identity}") is listening on ${this.paths.socketPath}`);
    const pid = daemonPidFromFile(this.paths);
    if (pid === null) return false;
    // A live daemon with our config that does not answer yet is probably still starting.
    await this.waitUntilAnswering();
    return true;
  }

  private async waitUntilAnswering(): Promise<number> {
    const deadline = Date.now() + this.startTimeoutMs();
    for (;;) {
      if ((await this.answeringIdentity()) === this.identifier) return this.client.getPID();
      if (Date.now() > deadline) {
        throw new SupervisorUnavailable(`supervisord did not answer on ${this.paths.socketPath} within ${this.startTimeoutMs()} ms; see ${this.paths.supervisordLog}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Applies a re-read config like `supervisorctl update`; changed groups come back stopped. */
  private async applyConfig(): Promise<ConfigChanges> {
    const changes = await this.client.reloadConfig();
    for (const group of [...changes.removed, ...changes.changed]) {
      await this.client.stopProcessGroup(group, true).catch((e: unknown) => {
        if (!isFault(e, SupervisorFaultCode.BAD_NAME)) throw e;
      });
      await this.client.removeProcessGroup(group);
    }
    for (const group of [...changes.changed, ...changes.added]) await this.client.addProcessGroup(group);
    return changes;
  }

  private checkName(name: string): string {
    if (!this.programs.some((p) => p.name === name)) throw new UnknownSupervisorProgram(name, this.programNames());
    return name;
  }

  /** All programs with state, pid, uptime, exit status, spawn error and log file. */
  async status(): Promise<ProgramStatus[]> {
    return (await this.client.getAllProcessInfo()).map(toStatus);
  }

  /** One program's status. */
  async programStatus(name: string): Promise<ProgramStatus> {
    return toStatus(await this.client.getProcessInfo(this.checkName(name)));
  }

  /** Starts a program; with wait (default) resolves once it has stayed up startsecs. Already running is fine. */
  async start(name: string, { wait = true } = {}): Promise<void> {
    await this.client.startProcess(this.checkName(name), wait).catch((e: unknown) => {
      if (!isFault(e, SupervisorFaultCode.ALREADY_STARTED)) throw e;
    });
  }

  /** Stops a program (stopsignal, then SIGKILL after stopwaitsecs). Already stopped is fine. */
  async stop(name: string, { wait = true } = {}): Promise<void> {
    await this.client.stopProcess(this.checkName(name), wait).catch((e: unknown) => {
      if (!isFault(e, SupervisorFaultCode.NOT_RUNNING)) throw e;
    });
  }

  /** Stops (if running) and starts a program. */
  async restart(name: string): Promise<void> {
    await this.stop(name);
    await this.start(name);
  }

  /** Stops every program; supervisord keeps running. */
  async stopAll(): Promise<void> {
    await this.client.stopAllProcesses(true);
  }

  /** The last `bytes` bytes of a program's log (stdout and stderr). */
  async tail(name: string, bytes = 16_384): Promise<string> {
    return (await this.client.tailProcessStdoutLog(this.checkName(name), 0, bytes)).text;
  }

  /**
   * Stops all programs and supervisord, waits for its pid to be gone and removes its socket and pid file.
   * Falls back to SIGTERM by pid (from the pid file) when XML-RPC does not answer. No-op if nothing runs.
   */
  async shutdown(timeoutMs = 30_000): Promise<void> {
    let pid: number | null = null;
    if (await this.isRunning()) {
      pid = await this.client.getPID();
      await this.client.shutdown().catch((e: unknown) => {
        // Already shutting down is fine; any other failure falls back to a signal.
        if (!isFault(e, SupervisorFaultCode.SHUTDOWN_STATE) && pid !== null) process.kill(pid, 'SIGTERM');
      });
    } else {
      pid = daemonPidFromFile(this.paths);
      if (pid !== null) process.kill(pid, 'SIGTERM');
    }
    if (pid !== null) {
      await waitForExit(pid, timeoutMs);
      this.logger.info(`supervisord pid ${pid} stopped`);
    }
    removeStaleFiles(this.paths);
  }
}
