import { createServer } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; resolves with that value. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition', intervalMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A child process whose output lines are collected; stop() ends it by its own pid. */
export interface RunningProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first output line matching `pattern` (stdout or stderr). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Waits for the process to exit by itself and resolves with its exit code. */
  exited(): Promise<number | null>;
  /** Sends `signal` to the process and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `command args` without a shell and collects its output line by line. */
export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line);
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  // 'close' rather than 'exit': it fires after the last output line has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    lines,
    waitForLine(pattern, timeoutMs = 15_000) {
      return waitFor(() => {
        for (const line of lines) {
          const match = line.match(pattern);
          if (match) return match;
        }
        if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before printing ${pattern}:\n${lines.join('\n')}`);
        return null;
      }, timeoutMs, `${pattern} from ${command}`);
    },
    exited: () => exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Debian's python3 (the pyenv python3 on PATH cannot see python3-autobahn). */
export const DEBIAN_PYTHON = '/usr/bin/python3';
