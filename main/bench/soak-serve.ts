import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { stationBin } from './registry-processes.js';

/** The soak's station: `station serve` as a child process on its own data dir, and its open fds. */
const OPEN_LINE = /^station serve: open (http:\/\/[^/]+)\/\?token=([0-9a-f]+)$/m;
const WAMP_LINE = /^station serve: WAMP router (ws:\/\/\S+) \(realm ([^,]+), address root ([^)]+)\)$/m;

export interface ServeChild {
  pid: number;
  origin: string;
  token: string;
  wsUrl: string;
  realm: string;
  addressRoot: string;
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

export async function startServe(dataDir: string, timeoutMs = 60_000): Promise<ServeChild> {
  const child = spawn(process.execPath, [stationBin(), 'serve', '--port', '0', '--wamp-port', '0', '--no-demo', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STATION_DATA_DIR: dataDir },
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  const started = performance.now();
  for (;;) {
    const open = OPEN_LINE.exec(output);
    const wamp = WAMP_LINE.exec(output);
    if (open && wamp) {
      return {
        pid: child.pid!, origin: open[1], token: open[2], wsUrl: wamp[1], realm: wamp[2], addressRoot: wamp[3],
        output: () => output, exited: () => child.exitCode !== null || child.signalCode !== null, stop,
      };
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`station serve exited before it was ready:\n${output.slice(-4000)}`);
    if (performance.now() - started > timeoutMs) {
      await stop();
      throw new Error(`station serve not ready within ${timeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }
}

export function fdCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}
