/** The supervisord daemon process itself: its pid file, liveness, spawning and stopping it by pid. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { pidExists } from '../../os/pid.js';
import { SupervisorNotInstalled, SupervisorUnavailable } from './errors.js';
import type { SupervisorPaths } from './config.js';

/** The pid in our pid file if that process is alive and is a supervisord started with our config. */
export function daemonPidFromFile(paths: SupervisorPaths): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(paths.pidFile, 'utf8').trim(), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !pidExists(pid)) return null;
  try {
    // Guards against pid reuse: only a process whose command line names our config is ours.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(paths.configPath) ? pid : null;
  } catch {
    return pid; // no /proc (macOS): trust the pid file
  }
}

/** Removes a socket and pid file left behind by a supervisord that is gone. */
export function removeStaleFiles(paths: SupervisorPaths): void {
  rmSync(paths.socketPath, { force: true });
  rmSync(paths.pidFile, { force: true });
}

/**
 * Runs `supervisord -c <config>` without a shell. supervisord daemonizes (nodaemon=false): the launcher
 * exits as soon as the daemon has forked, or with an error message when the config is rejected.
 */
export async function launchDaemon(binary: string, paths: SupervisorPaths, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  const result = await execa(binary, ['-c', paths.configPath], {
    env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: timeoutMs,
    cwd: paths.dir,
  });
  if ((result as { code?: string }).code === 'ENOENT') throw new SupervisorNotInstalled(binary);
  if (result.exitCode !== 0) {
    const output = `${result.stderr}\n${result.stdout}`.trim() || result.message;
    throw new SupervisorUnavailable(`supervisord -c ${paths.configPath} failed (exit ${result.exitCode ?? result.signal}): ${output}`);
  }
}

/** Waits until `pid` has exited; sends SIGKILL if it outlives `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pidExists(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 100));
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The lock file that makes one caller at a time launch supervisord for a data directory. */
export function launchLockPath(paths: SupervisorPaths): string {
  return join(paths.dir, 'supervisord.launch.lock');
}

/**
 * Takes the launch lock (an exclusive file holding our pid). Without it, two launchers (the UI and the CLI)
 * could each remove the other's fresh socket as stale and orphan a daemon. A lock whose owner died is taken over.
 */
export function tryLaunchLock(paths: SupervisorPaths): boolean {
  const path = launchLockPath(paths);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && owner > 0 && pidExists(owner)) return false;
      rmSync(path, { force: true });
    }
  }
  return false;
}

/** Releases the launch lock. */
export function releaseLaunchLock(paths: SupervisorPaths): void {
  rmSync(launchLockPath(paths), { force: true });
}
