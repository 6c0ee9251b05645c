import { fileURLToPath } from 'node:url';
import { startProcess, type RunningProcess } from './net.js';

/** Path of the `station` executable (runs the compiled CLI in out/; `npm test` builds first). */
export const STATION_BIN = fileURLToPath(new URL('../../bin/station.js', import.meta.url));

/** Starts `station <args>` as its own process. */
export function startStation(args: string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  return startProcess(process.execPath, [STATION_BIN, ...args], env);
}

/** Starts `station router --port 0` and resolves with the process and its WebSocket and /call URLs. */
export async function startRouterProcess(extra: string[] = []): Promise<{ proc: RunningProcess; wsUrl: string; callUrl: string; port: number }> {
  const proc = startStation(['router', '--port', '0', ...extra]);
  const match = await proc.waitForLine(/listening on (ws:\/\/[\d.]+:(\d+)\/ws).*HTTP bridge (\S+)/);
  return { proc, wsUrl: match[1], port: Number(match[2]), callUrl: match[3] };
}

/** Runs `station <args>` to its end: exit code and every output line joined. */
export async function runStation(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  const proc = startStation(args, env);
  const code = await proc.exited();
  return { code, out: proc.lines.join('\n') };
}
