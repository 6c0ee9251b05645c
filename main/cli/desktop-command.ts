import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { execa } from 'execa';
import { runHeadlessStation, withServeOptions, type ServeCliOptions } from './serve-command.js';

/** The project root (holds package.json, whose "main" is the Electron entry), seen from out/main/cli/. */
const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Path of the Electron runtime, or null when it was never downloaded: the `electron` package exports
 * the binary's path and throws when its install step did not fetch it.
 */
export function findElectronRuntime(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** `station desktop` (what `npm start` runs): the Electron app, or the headless station where no Electron runtime exists. */
export function addDesktopCommand(program: Command): void {
  withServeOptions(
    program.command('desktop').description('run the desktop app (falls back to the headless station when the Electron runtime is missing; the options apply to that fallback)'),
  ).action(async (options: ServeCliOptions) => {
    const electron = findElectronRuntime();
    if (!electron) {
      process.stdout.write('station: no Electron runtime installed (it is downloaded by npm ci on a networked machine); serving the headless station instead\n');
      return runHeadlessStation(options);
    }
    process.exitCode = await runElectron(electron);
  });
}

/** Runs Electron on the project (no shell, argument array), forwarding termination signals; resolves with its exit code. */
async function runElectron(electron: string): Promise<number> {
  // ELECTRON_RUN_AS_NODE in the environment would turn the app into a plain Node process.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = execa(electron, [PROJECT_ROOT], { stdio: 'inherit', reject: false, env, extendEnv: false });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const result = await child;
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  if (typeof result.exitCode === 'number') return result.exitCode;
  return result.signal ? 128 + (signalNumber(result.signal) ?? 0) : 1;
}

function signalNumber(signal: string): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal];
}
