/**
 * `station bench smurf`: fan-out overhead of the MultiSmurfManager at 1, 16 and 64 controllers,
 * and a real PysmurfController's `run` first-output and abort-to-tree-gone latencies.
 */
import { cpus } from 'node:os';
import { runFanOutBench, type FanOutFigures } from './smurf-fanout-bench.js';
import { runScriptBench, type ScriptFigures } from './smurf-script-bench.js';

export interface SmurfBenchOptions {
  /** Target counts of the fan-out. Default [1, 16, 64]. */
  counts?: number[];
  /** Duration of the fanned-out op, ms. Default 500. */
  opMs?: number;
  /** Measured repetitions per figure (medians are reported). Default 5. */
  repetitions?: number;
  onProgress?: (line: string) => void;
}

export interface SmurfBenchResult extends FanOutFigures, ScriptFigures {
  targets: { fanout_64_le_50_ms: boolean | null; first_output_le_100_ms: boolean; abort_tree_gone_le_1000_ms: boolean };
  setup: Record<string, unknown>;
}

export const SMURF_BENCH_DEFAULTS = { counts: [1, 16, 64], opMs: 500, repetitions: 5 } as const;

/** Runs every smurf measurement in one go. */
export async function runSmurfBench(options: SmurfBenchOptions = {}): Promise<SmurfBenchResult> {
  const counts = options.counts ?? [...SMURF_BENCH_DEFAULTS.counts];
  const opMs = options.opMs ?? SMURF_BENCH_DEFAULTS.opMs;
  const repetitions = options.repetitions ?? SMURF_BENCH_DEFAULTS.repetitions;
  const fanout = await runFanOutBench({ counts, opMs, repetitions, onProgress: options.onProgress });
  const scripts = await runScriptBench({ repetitions, onProgress: options.onProgress });
  const at64 = fanout.fanout_overhead_ms['64'];
  return {
    ...fanout,
    ...scripts,
    targets: {
      fanout_64_le_50_ms: at64 === undefined ? null : at64 <= 50,
      first_output_le_100_ms: scripts.first_output_ms <= 100,
      abort_tree_gone_le_1000_ms: scripts.abort_tree_gone_ms <= 1000,
    },
    setup: {
      statistic: `median of ${repetitions} runs (each after one unmeasured warm-up run)`,
      fanout_controllers:
        'lite PysmurfControllers: real OcsAgents of class PysmurfController with the controller op names, all in one child process, ' +
        `whose take_noise sleeps ${opMs} ms (no scripts); router, MultiSmurfManager and the measuring client in the bench process`,
      fanout_overhead: 'manager take_noise wall time (start to wait reply) minus the same op started and waited directly on one controller in the same run',
      fanout_op_ms: opMs,
      script_controller: 'a real PysmurfController (scripts run with python3 -u) in the bench process, on the embedded router',
      first_output:
        'OCS start of run on a script that prints one line at once, to that line reaching the controller recorder; ' +
        'first_output_direct_spawn_ms is the same script spawned directly, i.e. the interpreter start-up included in it',
      abort_tree: 'run of a script with 2 children and 1 grandchild (all python), then the controller abort task, until no process of the tree is left (zombies count as gone)',
      cpus: cpus().length,
    },
  };
}

/** The JSON report (one line). */
export function formatSmurfBenchJson(result: SmurfBenchResult): string {
  return JSON.stringify(result);
}
