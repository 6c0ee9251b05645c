/**
 * Fan-out overhead: the same 0.5 s op through the MultiSmurfManager to 1, 16 and 64 lite
 * controllers, against the op run directly on one controller in the same run. The controllers live
 * in one child process; router, manager and the measuring client share the bench process (as the
 * embedded router and the manager share the station's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createMultiSmurfManager } from '../agents/multismurf-manager/index.js';
import { OcsClient } from '../ocs/client.js';
import { silentLogger } from '../ocs/logger.js';
import { startRouter } from '../wamp/index.js';
import { childEntry } from './router-process.js';
import { CONTROLLERS_READY } from './smurf-lite-controller.js';
import { quantile, round } from './stats.js';
import { openBenchSession, type BenchSession } from './wamp-client.js';

export interface FanOutBenchOptions {
  counts: number[];
  opMs: number;
  repetitions: number;
  onProgress?: (line: string) => void;
}

export interface FanOutFigures {
  /** Median manager wall time minus median direct single-controller time, per target count. */
  fanout_overhead_ms: Record<string, number>;
  fanout_wall_ms: Record<string, number>;
  single_controller_op_ms: number;
}

/** Runs the fan-out measurements; everything it starts is stopped before it returns. */
export async function runFanOutBench(options: FanOutBenchOptions): Promise<FanOutFigures> {
  const progress = options.onProgress ?? (() => {});
  const most = Math.max(...options.counts);
  const router = await startRouter({ port: 0 });
  const children = startControllers(router.wsUrl, router.realm, most, options.opMs);
  const manager = createMultiSmurfManager({ logger: silentLogger });
  let bench: BenchSession | null = null;
  try {
    manager.connect({ url: router.wsUrl, realm: router.realm });
    await Promise.all([manager.whenReady(), children.ready]);
    bench = await openBenchSession(router.wsUrl, router.realm);
    const session = bench.session;
    const client = await OcsClient.overWamp(session, manager.agentAddress);
    const ids = Array.from({ length: most }, (_, i) => `bench${String(i).padStart(2, '0')}`);
    await waitForTable(client, ids.length);
    progress(`${most} lite controllers up; op takes ${options.opMs} ms`);

    const direct = await OcsClient.overWamp(session, `${router.addressRoot}.bench-ctrl-00`);
    const directMs = await repeat(options.repetitions + 1, () => timed(() => direct.tasks.take_noise.run({})));
    const single = median(directMs.slice(1));
    progress(`direct op on one controller: median ${round(single, 1)} ms`);
    const figures: FanOutFigures = { fanout_overhead_ms: {}, fanout_wall_ms: {}, single_controller_op_ms: round(single, 1) };
    for (const count of options.counts) {
      const params = { stream_ids: ids.slice(0, count) };
      // One unmeasured run first: the manager learns the controllers' op kinds, the JIT warms up.
      const walls = await repeat(options.repetitions + 1, () => timed(() => runManagerOp(client, params)));
      const wall = median(walls.slice(1));
      figures.fanout_wall_ms[String(count)] = round(wall, 1);
      figures.fanout_overhead_ms[String(count)] = round(wall - single, 1);
      progress(`fan-out to ${count}: median ${round(wall, 1)} ms, overhead ${round(wall - single, 1)} ms`);
    }
    return figures;
  } finally {
    await (bench as BenchSession | null)?.close();
    await manager.shutdown(500);
    await children.stop();
    await router.close();
  }
}

async function runManagerOp(client: OcsClient, params: Record<string, unknown>): Promise<void> {
  const reply = await client.tasks.take_noise.run(params);
  if (reply.session?.success !== true) throw new Error(`fan-out failed: ${reply.message} ${JSON.stringify(reply.session?.data)}`);
}

async function waitForTable(client: OcsClient, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const data = (await client.processes.monitor.status()).session?.data as { smurfs?: Record<string, { stream_id_source: string }> } | undefined;
    const known = Object.values(data?.smurfs ?? {}).filter((s) => s.stream_id_source === 'check_state').length;
    if (known >= count) return;
    if (Date.now() > deadline) throw new Error(`the manager knows ${known} of ${count} controllers after 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startControllers(url: string, realm: string, count: number, opMs: number): { ready: Promise<void>; stop(): Promise<void> } {
  const entry = childEntry('smurf-controllers-child');
  // stdin stays a pipe: the child exits when it closes, so a crashed bench leaves no controllers behind.
  const child: ChildProcess = spawn(process.execPath, [...entry.execArgv, entry.file, url, realm, String(count), String(opMs)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`controllers child not ready within 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!output.includes(CONTROLLERS_READY)) return;
      clearTimeout(timer);
      resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`controllers child exited (${signal ?? code}):\n${output}`));
    });
  });
  ready.catch(() => {});
  return {
    ready,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await action();
  return performance.now() - t0;
}

async function repeat(times: number, sample: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await sample());
  return out;
}

/** Median of samples. */
export function median(samples: readonly number[]): number {
  return quantile([...samples].sort((a, b) => a - b), 0.5);
}
