/**
 * Continuous-mode STF detection: polls directories (fs.readdir + fs.stat, no file-system events, so it
 * behaves the same on local disks, NFS and tmpfs) for `*.stf` / `*.STF` files and reports each one once
 * it is complete.
 *
 * Completion rule: a file is complete when two consecutive polls see the same size and mtime. A writer
 * that pauses longer than the poll interval would therefore look complete: choose the interval above
 * the writers' longest pause. A complete file of size 0 is reported as rejected ('zero-size') instead.
 */
import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isStfName } from './stf-name.js';

/** A complete STF file as the watcher saw it. */
export interface WatchedStf {
  /** Absolute path (the ledger key). */
  path: string;
  /** Basename. */
  name: string;
  sizeBytes: number;
  mtimeMs: number;
}

/** Why a complete file is not handed to onComplete. */
export type WatchRejection = 'zero-size' | 'unreadable';

/** Options of {@link startStfWatcher}. */
export interface StfWatcherOptions {
  dirs: readonly string[];
  pollIntervalMs: number;
  /** True when the file was handled already (e.g. by an earlier process): it is never reported. */
  isHandled(path: string): boolean;
  /** A complete, non-empty file. Resolve true once handled for good, false to have it re-checked later. */
  onComplete(file: WatchedStf): Promise<boolean> | boolean;
  /** A complete file that cannot be handled; reported once per size/mtime. */
  onRejected(file: WatchedStf, reason: WatchRejection, detail: string): Promise<void> | void;
  /** A watch directory that cannot be listed (reported once until it can be listed again), or a callback that threw. */
  onDirError?(dir: string, error: Error): void;
}

/** A running watcher. */
export interface StfWatcher {
  /** One poll now (also what the timer runs); polls never overlap. */
  poll(): Promise<void>;
  /** Stops polling and waits for a poll in progress. */
  stop(): Promise<void>;
}

interface Candidate {
  size: number;
  mtimeMs: number;
  /** Set once rejected at this size/mtime, so the rejection is not repeated every poll. */
  rejected: boolean;
}

/** Starts polling `options.dirs` every `pollIntervalMs` (first poll at once). */
export function startStfWatcher(options: StfWatcherOptions): StfWatcher {
  const dirs = options.dirs.map((dir) => resolve(dir));
  const candidates = new Map<string, Candidate>();
  const done = new Set<string>();
  const failingDirs = new Set<string>();
  let running: Promise<void> | null = null;
  let stopped = false;

  const pollDir = async (dir: string) => {
    let names: string[];
    try {
      names = await readdir(dir);
      failingDirs.delete(dir);
    } catch (error) {
      if (!failingDirs.has(dir)) options.onDirError?.(dir, error as Error);
      failingDirs.add(dir);
      return;
    }
    for (const name of names.sort()) {
      if (stopped) return;
      if (!isStfName(name)) continue;
      const path = join(dir, name);
      if (done.has(path)) continue;
      if (options.isHandled(path)) {
        done.add(path);
        continue;
      }
      let info;
      try {
        info = await stat(path);
      } catch {
        // Vanished between readdir and stat (or a dangling link): look again next poll.
        candidates.delete(path);
        continue;
      }
      if (!info.isFile()) continue;
      const previous = candidates.get(path);
      if (!previous || previous.size !== info.size || previous.mtimeMs !== info.mtimeMs) {
        candidates.set(path, { size: info.size, mtimeMs: info.mtimeMs, rejected: false });
        continue;
      }
      if (previous.rejected) continue;
      const file: WatchedStf = { path, name, sizeBytes: info.size, mtimeMs: info.mtimeMs };
      if (info.size === 0) {
        previous.rejected = true;
        await options.onRejected(file, 'zero-size', 'file is empty (size 0) after two polls');
        continue;
      }
      try {
        await access(path, constants.R_OK);
      } catch (error) {
        previous.rejected = true;
        await options.onRejected(file, 'unreadable', (error as Error).message);
        continue;
      }
      if (await options.onComplete(file)) {
        done.add(path);
        candidates.delete(path);
      } else {
        // Not handled for good: require two more unchanged polls before retrying.
        candidates.delete(path);
      }
    }
  };

  const pollOnce = async () => {
    for (const dir of dirs) {
      try {
        await pollDir(dir);
      } catch (error) {
        // A throwing callback must not end the polling (nor become an unhandled rejection).
        options.onDirError?.(dir, error as Error);
      }
    }
  };

  const watcher: StfWatcher = {
    poll() {
      running ??= pollOnce().finally(() => {
        running = null;
      });
      return running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
  const timer = setInterval(() => void watcher.poll(), options.pollIntervalMs);
  void watcher.poll();
  return watcher;
}
