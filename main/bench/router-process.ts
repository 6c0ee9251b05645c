import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LISTENING_PREFIX } from './child-io.js';

/** Resident memory of a process, in MB (MiB). NaN where /proc is not available. */
export interface ProcessMemory {
  rss_mb: number;
  rss_peak_mb: number;
}

/** A bench router running in its own child process. */
export interface RouterProcess {
  readonly pid: number;
  readonly wsUrl: string;
  /** Current (VmRSS) and peak (VmHWM) resident memory of the child. */
  memory(): ProcessMemory;
  /** CPU time (user + system) the child has used so far, in ms. */
  cpuMs(): number;
  /** Stops the child by its pid (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Path and node flags for a child entry module next to this one. Compiled (out/…/*.js) it runs
 * directly; from TypeScript sources (vitest, tsx) it runs through tsx, which the checkout has.
 */
export function childEntry(baseName: string): { file: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${baseName}${fromSources ? '.ts' : '.js'}`, import.meta.url));
  return { file, execArgv: fromSources ? ['--import', 'tsx'] : [] };
}

/** Reads VmRSS and VmHWM of `pid` from /proc/<pid>/status. */
export function readProcessMemory(pid: number): ProcessMemory {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rss_mb: Number.NaN, rss_peak_mb: Number.NaN };
  }
  const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN);
  return { rss_mb: kib('VmRSS') / 1024, rss_peak_mb: kib('VmHWM') / 1024 };
}

/** Linux reports process times in USER_HZ ticks, 100 per second on every mainstream architecture. */
const MS_PER_TICK = 10;

/** CPU time (user + system) of `pid` so far, in ms, from /proc/<pid>/stat (10 ms resolution). NaN without /proc. */
export function readProcessCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts `node <entry> <realm>` (pinned to `cpu` through taskset when given) and resolves once
 * the child announces its WebSocket URL.
 */
export async function startRouterProcess(baseName: string, realm: string, cpu: number | null = null, timeoutMs = 20_000): Promise<RouterProcess> {
  const entry = childEntry(baseName);
  const nodeArgs = [...entry.execArgv, entry.file, realm];
  // taskset execs node in place, so the child's pid is the router's own pid (for /proc reads and stop()).
  const [command, args]: [string, string[]] = cpu === null ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(cpu), process.execPath, ...nodeArgs]];
  // stdin stays a pipe: the child exits when it closes, so a crashed bench leaves no router behind.
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const wsUrl = await waitForListening(child, baseName, timeoutMs).catch(async (error: Error) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    pid: child.pid!,
    wsUrl,
    memory: () => readProcessMemory(child.pid!),
    cpuMs: () => readProcessCpuMs(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function waitForListening(child: ChildProcess, name: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const timer = setTimeout(() => fail(`${name} did not report listening within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${why}; output:\n${output}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((l) => l.startsWith(LISTENING_PREFIX));
      if (!line || settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      // Keep draining the child's output so a chatty router never blocks on a full pipe.
      child.stdout!.resume();
      resolve(line.slice(LISTENING_PREFIX.length).trim());
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (!settled) output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => fail(`${name} exited (${signal ?? code}) before listening`));
    child.once('error', (error) => fail(`${name} could not start: ${error.message}`));
  });
}
