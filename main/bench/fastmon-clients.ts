/**
 * Shared pieces of the fastmon bench's client children (SSE readers, bridge WebSocket reader) and the
 * paced sender of the bench process. Send and receive times are `process.hrtime` (CLOCK_MONOTONIC, one
 * clock for every process of the machine), so receive − send is comparable across processes.
 *
 * Protocol: the parent spawns `<entry> <config JSON>`; the child connects its clients and prints
 * READY; the parent sends, then writes `END <expected per client>` to the child's stdin; the child
 * waits until every client has that many (or `settleMs` passed without arrivals), prints RESULT <json>
 * and exits. A closed stdin (the parent is gone) ends the child.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { childEntry } from './router-process.js';
import { quantile, round } from './stats.js';

export const CLIENTS_READY = 'FASTMON_CLIENTS_READY';
export const CLIENTS_RESULT = 'FASTMON_CLIENTS_RESULT ';

/** Milliseconds on the machine-wide monotonic clock (sub-µs precision). */
export function hrtimeMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The name of the body field carrying the send time (hrtimeMs) of every bench message. */
export const SENT_FIELD = 'bench_sent_ms';

export interface LatencyFigures {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/** p50/p99/max of latency samples in ms, rounded to µs. */
export function summarizeLatency(samples: Float64Array | number[]): LatencyFigures {
  const sorted = Float64Array.from(samples).sort();
  const list = sorted as unknown as number[];
  return { p50: round(quantile(list, 0.5), 3), p99: round(quantile(list, 0.99), 3), max: round(sorted.length ? sorted[sorted.length - 1] : Number.NaN, 3), samples: sorted.length };
}

/** What a client child reports. */
export interface ClientsResult {
  /** Events (SSE) or items (bridge) each client received, in client order. */
  received: number[];
  duplicates: number;
  /** Clients the server dropped (SSE `event: error`) or that closed early. */
  dropped: number;
  /** WebSocket frames carrying pushes (bridge mode only). */
  frames: number;
  /** hrtimeMs of the last receipt. */
  lastAt: number;
  /** CPU time of the child from READY to END (the sending), ms. */
  cpu_ms: number;
  latency_ms: LatencyFigures;
}

export interface ClientsChild {
  ready: Promise<void>;
  /** Tells the child how many events each client should have, and resolves with its report. */
  finish(expectedPerClient: number): Promise<ClientsResult>;
  stop(): Promise<void>;
}

/** Starts a client child (`baseName` next to this module) with `config`; it must print READY within 30 s. */
export function startClientsChild(baseName: string, config: object): ClientsChild {
  const entry = childEntry(baseName);
  const child: ChildProcess = spawn(process.execPath, [...entry.execArgv, entry.file, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  let onResult: ((result: ClientsResult) => void) | null = null;
  let failed: (error: Error) => void = () => {};
  const failure = new Promise<never>((_resolve, reject) => (failed = reject));
  failure.catch(() => {});
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${baseName}: not ready within 30 s\n${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes(CLIENTS_READY)) {
        clearTimeout(timer);
        resolve();
      }
      const at = stdout.indexOf(CLIENTS_RESULT);
      const end = at < 0 ? -1 : stdout.indexOf('\n', at);
      if (end > 0 && onResult) onResult(JSON.parse(stdout.slice(at + CLIENTS_RESULT.length, end)) as ClientsResult);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`${baseName} exited (${signal ?? code}):\n${stderr}`);
      reject(error);
      failed(error);
    });
  });
  ready.catch(() => {});
  return {
    ready,
    finish(expectedPerClient) {
      const result = new Promise<ClientsResult>((resolve) => (onResult = resolve));
      child.stdin!.write(`END ${expectedPerClient}\n`);
      return Promise.race([result, failure]);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}

let cpuAtReady: NodeJS.CpuUsage | null = null;
let cpuWhileSending = 0;

/** Child side: announces that every client is connected (the parent starts sending). */
export function announceReady(): void {
  cpuAtReady = process.cpuUsage();
  process.stdout.write(`${CLIENTS_READY}\n`);
}

/** Child side: reads `END <n>` from stdin (and notes the CPU used since READY); exits when stdin closes. */
export function onEndCommand(handler: (expectedPerClient: number) => void): void {
  let buffer = '';
  process.stdin.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const match = /END (\d+)\n/.exec(buffer);
    if (!match) return;
    const cpu = process.cpuUsage(cpuAtReady ?? undefined);
    cpuWhileSending = (cpu.user + cpu.system) / 1000;
    handler(Number(match[1]));
  });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
}

/** Child side: resolves once `done()` is true, or nothing arrived for `settleMs` (checked every 20 ms). */
export async function settle(done: () => boolean, lastArrival: () => number, settleMs: number): Promise<void> {
  const startedAt = hrtimeMs();
  while (!done()) {
    if (hrtimeMs() - Math.max(lastArrival(), startedAt) > settleMs) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Child side: prints the report and exits. */
export function report(result: Omit<ClientsResult, 'cpu_ms'>): void {
  const full: ClientsResult = { ...result, cpu_ms: Math.round(cpuWhileSending) };
  process.stdout.write(`${CLIENTS_RESULT}${JSON.stringify(full)}\n`, () => process.exit(0));
}

/**
 * Calls `emit(seq)` at `ratePerS` for `durationMs` (catching up each timer tick, so the average rate
 * holds even when a tick comes late). Resolves with the number emitted and the first emit's time.
 */
export async function paced(ratePerS: number, durationMs: number, emit: (seq: number) => void): Promise<{ sent: number; startedAt: number }> {
  const total = Math.round((ratePerS * durationMs) / 1000);
  const startedAt = hrtimeMs();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((hrtimeMs() - startedAt) * ratePerS) / 1000) + 1);
    while (sent < due) emit(sent++);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { sent, startedAt };
}

/** CPU time (user + system) of this process during `action`, as a share of one core over its wall time. */
export async function withCpuShare<T>(action: () => Promise<T>): Promise<{ value: T; cpuShare: number; wallMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = hrtimeMs();
  const value = await action();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = hrtimeMs() - t0;
  return { value, cpuShare: round((cpu.user + cpu.system) / 1000 / wallMs, 3), wallMs };
}
