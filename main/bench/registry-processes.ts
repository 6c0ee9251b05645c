import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A `station` sub-command running as a child process of the bench. */
export interface StationChild {
  readonly pid: number;
  /** Everything the child wrote so far (stdout and stderr), for error reports. */
  output(): string;
  /** Stops the child by its pid (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** The `station router` child and the URLs it announced. */
export interface StationRouterChild extends StationChild {
  readonly wsUrl: string;
  readonly realm: string;
  readonly callUrl: string;
}

const ROUTER_LINE = /listening on (ws:\/\/\S+) \(realm ([^,]+),.*HTTP bridge (http:\/\/\S+)/;

/** Finds bin/station.js by walking up from this module (it runs from main/bench/*.ts under vitest and out/main/bench/*.js once built). */
export function stationBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'bin', 'station.js');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bin/station.js not found above the bench module');
    dir = parent;
  }
}

/** Starts `station router --port 0 --quiet` and resolves with its WebSocket URL, realm and /call URL. */
export async function startStationRouter(bin = stationBin(), timeoutMs = 20_000): Promise<StationRouterChild> {
  const { child, match } = await startStation(bin, ['router', '--port', '0', '--quiet'], ROUTER_LINE, timeoutMs);
  return { ...child, wsUrl: match[1], realm: match[2], callUrl: match[3] };
}

/** Starts `station agent registry` against `wsUrl` and resolves once it has joined and registered. */
export async function startStationRegistry(wsUrl: string, waitTimeS: number, bin = stationBin(), timeoutMs = 20_000): Promise<StationChild> {
  const args = ['agent', 'registry', '--instance-id', 'registry', '--url', wsUrl, '--wait-time', String(waitTimeS)];
  const { child } = await startStation(bin, args, /joined and registered/, timeoutMs);
  return child;
}

async function startStation(bin: string, args: string[], readyLine: RegExp, timeoutMs: number): Promise<{ child: StationChild; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  // Keep draining both pipes for the whole run so a chatty child never blocks on a full pipe.
  child.stdout!.on('data', (chunk: Buffer) => (output = keepTail(output + chunk.toString('utf8'))));
  child.stderr!.on('data', (chunk: Buffer) => (output = keepTail(output + chunk.toString('utf8'))));
  const stationChild: StationChild = { pid: child.pid ?? -1, output: () => output, stop: () => stopChild(child, exited) };
  try {
    const match = await waitForLine(child, () => output, readyLine, `station ${args[0]}`, timeoutMs);
    return { child: stationChild, match };
  } catch (error) {
    await stationChild.stop();
    throw error;
  }
}

/** Keeps the last 64 kB of a child's output: enough to explain a failure, bounded for a long run. */
function keepTail(text: string): string {
  return text.length > 65_536 ? text.slice(-65_536) : text;
}

function waitForLine(child: ChildProcess, output: () => string, line: RegExp, name: string, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`${why}; output:\n${output()}`));
    };
    const check = () => {
      const match = output().match(line);
      if (!match) return;
      cleanup();
      resolve(match);
    };
    const onExit = (code: number | null, signal: string | null) => fail(`${name} exited (${signal ?? code}) before it was ready`);
    const onError = (error: Error) => fail(`${name} could not start: ${error.message}`);
    const timer = setTimeout(() => fail(`${name} was not ready within ${timeoutMs} ms`), timeoutMs);
    // Listeners added after the draining ones, so output() already holds the chunk when check runs.
    child.stdout!.on('data', check);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, 'SIGTERM');
  const killer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 3_000);
  await exited;
  clearTimeout(killer);
}

let ticksPerSecond: number | undefined;

/** USER_HZ from `getconf CLK_TCK` (asked once); 100, the Linux value everywhere, if getconf is missing. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (utime + stime) `pid` has used so far, in seconds, from /proc/<pid>/stat. NaN without /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields are counted after its closing parenthesis (field 3 onwards).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
  } catch {
    return Number.NaN;
  }
}

/** Current (VmRSS) and peak (VmHWM) resident memory of `pid` in MiB, from /proc/<pid>/status. NaN without /proc. */
export function processMemoryMb(pid: number): { rss_mb: number; rss_peak_mb: number } {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // Leave the figures NaN.
  }
  const mib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN) / 1024;
  return { rss_mb: mib('VmRSS'), rss_peak_mb: mib('VmHWM') };
}
