/** Finding the supervisord executable: an explicit path, else $PATH, else the usual install directories. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { SupervisorNotInstalled } from './errors.js';

/** Where to look for supervisord. */
export interface LocateOptions {
  /** Use exactly this executable; if it is missing, supervisord counts as not installed. */
  supervisordPath?: string;
  /** Environment whose PATH is searched (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Searched after PATH, because a desktop-launched Electron app often has a minimal PATH. */
  fallbackDirs?: readonly string[];
}

/** Checked after PATH when no explicit path is given. */
export const DEFAULT_SUPERVISORD_DIRS: readonly string[] = ['/usr/bin', '/usr/local/bin'];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    const stat = statSync(path);
    // access(X_OK) succeeds for root on any file; require an execute bit as well.
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The supervisord executable's absolute path, or null when it is not installed. */
export function findSupervisord(options: LocateOptions = {}): string | null {
  if (options.supervisordPath !== undefined) return isExecutableFile(options.supervisordPath) ? options.supervisordPath : null;
  const pathDirs = (options.env ?? process.env).PATH?.split(delimiter).filter((d) => isAbsolute(d)) ?? [];
  for (const dir of [...pathDirs, ...(options.fallbackDirs ?? DEFAULT_SUPERVISORD_DIRS)]) {
    const candidate = join(dir, 'supervisord');
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** Like findSupervisord, but throws SupervisorNotInstalled naming where it looked and how to install it. */
export function requireSupervisord(options: LocateOptions = {}): string {
  const found = findSupervisord(options);
  if (found) return found;
  const searched = options.supervisordPath ?? `supervisord on PATH and in ${(options.fallbackDirs ?? DEFAULT_SUPERVISORD_DIRS).join(', ') || 'no other directory'}`;
  throw new SupervisorNotInstalled(searched);
}
