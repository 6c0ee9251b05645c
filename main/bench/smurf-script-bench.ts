/**
 * Script latencies of a real PysmurfController (in the bench process, on the embedded router):
 * `run` start call → first output line, and `abort` → no process of the script's tree left.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPysmurfController, defineSmurfSite, type ScriptRunRecorder } from '../agents/pysmurf-controller/index.js';
import { OcsClient } from '../ocs/client.js';
import { silentLogger } from '../ocs/logger.js';
import { startRouter } from '../wamp/index.js';
import { median } from './smurf-fanout-bench.js';
import { round } from './stats.js';
import { openBenchSession } from './wamp-client.js';

export interface ScriptBenchOptions {
  repetitions: number;
  onProgress?: (line: string) => void;
}

export interface ScriptFigures {
  first_output_ms: number;
  /** The same script spawned directly (no OCS, no controller): the interpreter's own share of first_output_ms. */
  first_output_direct_spawn_ms: number;
  abort_tree_gone_ms: number;
  /** Processes in the aborted tree (script, 2 children, 1 grandchild). */
  abort_tree_size: number;
}

// Prints at once and exits: what `run` of any script shows first.
const FIRST_SCRIPT = "print('first line', flush=True)\n";
// The script starts a child that starts a grandchild, plus a second child; every process prints its pid and sleeps.
const TREE_SCRIPT = `import os, subprocess, sys, time
role = sys.argv[1] if len(sys.argv) > 1 else 'root'
os.write(1, f'tree pid {os.getpid()}\\n'.encode())  # one write: lines of the 4 processes never interleave
if role == 'root':
    subprocess.Popen([sys.executable, '-u', __file__, 'mid'])
    subprocess.Popen([sys.executable, '-u', __file__, 'leaf'])
elif role == 'mid':
    subprocess.Popen([sys.executable, '-u', __file__, 'leaf'])
time.sleep(600)
`;
const TREE_SIZE = 4;
/** An abort that leaves the tree running longer than this fails the bench. */
const ABORT_LIMIT_MS = 10_000;

/** The recorder the bench hands the controller: it only tells who waits for a line. */
class LineWatch implements ScriptRunRecorder {
  private waiter: ((text: string) => void) | null = null;
  private nextId = 1;
  begin(): number {
    return this.nextId++;
  }
  line(_runId: number, _stream: 'stdout' | 'stderr', text: string): void {
    this.waiter?.(text);
  }
  end(): void {}
  /** Calls `onLine` for every line until it returns true. */
  until(onLine: (text: string) => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = (text) => {
        if (!onLine(text)) return;
        this.waiter = null;
        resolve();
      };
    });
  }
}

/** Runs both measurements `repetitions` times (plus one unmeasured warm-up for first output). */
export async function runScriptBench(options: ScriptBenchOptions): Promise<ScriptFigures> {
  const progress = options.onProgress ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'smurf-bench-'));
  mkdirSync(join(dir, 'scripts'));
  const firstScript = join(dir, 'scripts', 'first.py');
  const treeScript = join(dir, 'scripts', 'tree.py');
  writeFileSync(firstScript, FIRST_SCRIPT);
  writeFileSync(treeScript, TREE_SCRIPT);
  const site = defineSmurfSite({ script_dirs: ['scripts'], data_dir: 'data' }, { baseDir: dir });
  const router = await startRouter({ port: 0 });
  const watch = new LineWatch();
  const controller = createPysmurfController({ instanceId: 'bench-controller', slot: 2, crate: 1, streamId: 'bench', site, udp: { host: '127.0.0.1', port: 9 }, recorder: watch, logger: silentLogger });
  controller.connect({ url: router.wsUrl, realm: router.realm });
  const bench = await openBenchSession(router.wsUrl, router.realm);
  let treePids: number[] = [];
  try {
    await controller.whenReady();
    const client = await OcsClient.overWamp(bench.session, controller.agentAddress);
    const first: number[] = [];
    for (let i = 0; i <= options.repetitions; i++) {
      const seen = watch.until(() => true);
      const t0 = performance.now();
      await expectStarted(client.tasks.run.start({ script: firstScript, log: true }));
      await seen;
      if (i > 0) first.push(performance.now() - t0);
      await expectSuccess(client.tasks.run.wait(), 'first-output script');
    }
    const direct: number[] = [];
    for (let i = 0; i <= options.repetitions; i++) {
      const ms = await directFirstOutput(site.interpreters['.py'] ?? ['python3', '-u'], firstScript);
      if (i > 0) direct.push(ms);
    }
    progress(`run → first output line: median ${round(median(first), 1)} ms (the script spawned directly: ${round(median(direct), 1)} ms)`);
    const gone: number[] = [];
    for (let i = 0; i < options.repetitions; i++) {
      const pids: number[] = [];
      treePids = pids;
      const all = watch.until((text) => {
        for (const match of text.matchAll(/tree pid (\d+)/g)) pids.push(Number(match[1]));
        return pids.length >= TREE_SIZE;
      });
      await expectStarted(client.tasks.run.start({ script: treeScript, log: true }));
      await all;
      const t0 = performance.now();
      await expectStarted(client.tasks.abort.start({}));
      while (pids.some(isAlive)) {
        if (performance.now() - t0 > ABORT_LIMIT_MS) throw new Error(`abort left processes running after ${ABORT_LIMIT_MS} ms: ${pids.filter(isAlive).join(', ')}`);
        await new Promise((r) => setTimeout(r, 1));
      }
      gone.push(performance.now() - t0);
      await client.tasks.run.wait(10);
      await client.tasks.abort.wait(10);
    }
    progress(`abort → process tree of ${TREE_SIZE} gone: median ${round(median(gone), 1)} ms`);
    return { first_output_ms: round(median(first), 1), first_output_direct_spawn_ms: round(median(direct), 1), abort_tree_gone_ms: round(median(gone), 1), abort_tree_size: TREE_SIZE };
  } finally {
    // Whatever a failed abort left behind was started by this bench: end it by pid.
    for (const pid of treePids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    await bench.close();
    await controller.shutdown(3000);
    await router.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Spawns `interpreter script` directly and resolves with the ms until its first stdout bytes. */
function directFirstOutput(interpreter: string[], script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(interpreter[0], [...interpreter.slice(1), script], { stdio: ['ignore', 'pipe', 'ignore'] });
    let first = -1;
    child.stdout.once('data', () => (first = performance.now() - t0));
    child.once('error', reject);
    child.once('close', () => (first >= 0 ? resolve(first) : reject(new Error(`${script} printed nothing`))));
  });
}

async function expectStarted(reply: Promise<{ status: number; message: string }>): Promise<void> {
  const r = await reply;
  if (r.status !== 0) throw new Error(`start refused: ${r.message}`);
}

async function expectSuccess(reply: Promise<{ session: { success: boolean | null; messages: Array<[number, string]> } | null }>, what: string): Promise<void> {
  const session = (await reply).session;
  if (session?.success !== true) throw new Error(`${what} failed: ${JSON.stringify(session?.messages.slice(-3))}`);
}

/** True while /proc/<pid> exists and is not a zombie (a zombie has ended; only its parent's reaping is left). */
function isAlive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
