import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { stationBin } from './registry-processes.js';

/** Every `station bench` subcommand, in run order, with its small (--quick) arguments. */
export const BENCHES: ReadonlyArray<{ name: string; quick: string[] }> = [
  { name: 'router', quick: ['--calls', '200', '--events', '2000'] },
  { name: 'registry', quick: ['--agents', '50', '--duration', '10', '--stop-count', '5', '--stop-at', '2'] },
  { name: 'smurf', quick: ['--counts', '1,4', '--repetitions', '1', '--op-ms', '200'] },
  { name: 'testbed', quick: ['--messages', '1000', '--stfs', '20', '--no-stomp'] },
  { name: 'fastmon', quick: ['--stfs', '200', '--sse-clients', '5', '--sse-rate', '200', '--push-rate', '200', '--duration', '0.5'] },
  { name: 'logs', quick: ['--size-mb', '4', '--follow-lines', '2000'] },
  { name: 'soak', quick: ['--minutes', '0.3', '--agents', '100', '--stf-count', '5'] },
];

export interface BenchRun {
  name: string;
  args: string[];
  seconds: number;
  report: Record<string, unknown> | null;
  error: string | null;
}

export interface BenchAllOptions {
  out: string;
  quick: boolean;
  only?: string[];
  soakMinutes?: number;
  onProgress?: (line: string) => void;
}

/** Runs one bench as a child process of the built CLI and parses the JSON document on its stdout. */
function runOne(name: string, args: string[], progress: (line: string) => void): Promise<BenchRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [stationBin(), 'bench', name, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderrTail = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderrTail = (stderrTail + text).slice(-4000);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) progress(`[${name}] ${line}`);
    });
    const finish = (error: string | null, report: Record<string, unknown> | null) =>
      resolve({ name, args, seconds: Math.round((performance.now() - started) / 100) / 10, report, error });
    child.once('error', (error) => finish(`could not start: ${error.message}`, null));
    child.once('close', (code, signal) => {
      if (code !== 0) return finish(`exited with ${signal ?? code}: ${stderrTail.trim().split('\n').slice(-8).join('\n')}`, null);
      try {
        finish(null, JSON.parse(stdout) as Record<string, unknown>);
      } catch (error) {
        finish(`stdout is not one JSON document (${(error as Error).message}): ${stdout.slice(0, 500)}`, null);
      }
    });
  });
}

/** Runs the selected benches one after another and writes the markdown report; resolves with the runs. */
export async function runBenchAll(options: BenchAllOptions): Promise<BenchRun[]> {
  const progress = options.onProgress ?? (() => {});
  const unknown = (options.only ?? []).filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length) throw new Error(`--only: unknown bench ${unknown.join(', ')} (known: ${BENCHES.map((bench) => bench.name).join(', ')})`);
  const selected = BENCHES.filter((bench) => !options.only?.length || options.only.includes(bench.name));
  const machine = machineDescription();
  const date = new Date().toISOString();
  const runs: BenchRun[] = [];
  for (const bench of selected) {
    const args = options.quick ? [...bench.quick] : [];
    if (bench.name === 'soak' && options.soakMinutes !== undefined) args.push('--minutes', String(options.soakMinutes));
    progress(`running bench ${bench.name} ${args.join(' ')}`);
    const run = await runOne(bench.name, args, progress);
    progress(`bench ${bench.name}: ${run.error ? `FAILED: ${run.error.split('\n')[0]}` : 'done'} in ${run.seconds} s`);
    runs.push(run);
    // Write after every bench, so a long run leaves a usable file if it is interrupted.
    writeFileSync(options.out, formatBenchmarksMarkdown(runs, machine, date, options.quick));
  }
  return runs;
}

export interface MachineDescription {
  cpu: string;
  cores: number;
  memory_gb: number;
  node: string;
  os: string;
  load_avg_at_start: number[];
}

export function machineDescription(): MachineDescription {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    load_avg_at_start: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/** A table row: dotted path and printable value. */
interface Row {
  path: string;
  value: string;
}

const PEER_PATTERN = /fox_wamp|ws_floor|bare|peer|one_client|unbatched|single_controller|direct_spawn|grep|sampling_only|python|stomp|including_warmup/;

/** Every leaf of a report outside `setup` and `targets`; arrays of objects (time series) become one summary row. */
function figureRows(value: unknown, path: string, rows: Row[]): Row[] {
  if (value === null || value === undefined) rows.push({ path, value: 'null' });
  else if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) rows.push({ path, value: value.length ? value.map(String).join(', ') : '(none)' });
    else rows.push({ path, value: `${value.length} entries (see raw JSON)` });
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) rows.push({ path, value: '(none)' });
    for (const [key, child] of entries) figureRows(child, path ? `${path}.${key}` : key, rows);
  } else rows.push({ path, value: typeof value === 'number' ? formatNumber(value) : String(value) });
  return rows;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
}

/** Targets as `name → pass/fail` (every bench reports them as booleans under `targets`, null when not measured). */
function targetRows(targets: unknown): Row[] {
  if (!targets || typeof targets !== 'object') return [];
  return Object.entries(targets as Record<string, unknown>).map(([name, ok]) => ({ path: name, value: ok === true ? 'pass' : ok === false ? '**FAIL**' : 'not measured' }));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function formatBenchmarksMarkdown(runs: readonly BenchRun[], machine: MachineDescription, date: string, quick: boolean): string {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`station bench all${quick ? ' --quick' : ''}\` on ${date}.${quick ? ' **Quick mode: small sizes, the figures only show the benches run, not the station\'s performance.**' : ''}`,
    '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${cell(machine.cpu)} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memory_gb} GB |`,
    `| Node | ${machine.node} |`,
    `| OS | ${cell(machine.os)} |`,
    `| load average at start (1/5/15 min) | ${machine.load_avg_at_start.join(' / ')} |`,
    '',
    'Each bench runs as `station bench NAME --json` (a child process of the built CLI), one after another. Rows marked *peer* are the',
    'reference measured in the same run (another implementation or the floor); targets are pass/fail.',
    '',
    '| bench | arguments | seconds | result |',
    '|---|---|---:|---|',
    ...runs.map((run) => `| ${run.name} | \`${run.args.join(' ') || '(defaults)'}\` | ${run.seconds} | ${run.error ? '**FAILED**' : 'ok'} |`),
    '',
  ];
  for (const run of runs) {
    lines.push(`## ${run.name}`, '');
    if (run.error || !run.report) {
      lines.push('**FAILED**', '', '```', run.error ?? 'no report', '```', '');
      continue;
    }
    const { setup, targets, ...figures } = run.report;
    lines.push('| figure | value | role |', '|---|---:|---|');
    for (const row of figureRows(figures, '', [])) lines.push(`| ${cell(row.path)} | ${cell(row.value)} | ${PEER_PATTERN.test(row.path) ? 'peer' : 'figure'} |`);
    const targetTable = targetRows(targets);
    if (targetTable.length) {
      lines.push('', '| target | result |', '|---|---|');
      for (const row of targetTable) lines.push(`| ${cell(row.path)} | ${row.value} |`);
    }
    if (setup !== undefined) {
      lines.push('', '| setup | value |', '|---|---|');
      for (const row of figureRows(setup, '', [])) lines.push(`| ${cell(row.path)} | ${cell(row.value)} |`);
    }
    lines.push('', '<details><summary>raw JSON</summary>', '', '```json', JSON.stringify(run.report, null, 2), '```', '', '</details>', '');
  }
  return `${lines.join('\n')}\n`;
}

/** `station bench all`: every bench, one after another, into BENCHMARKS.md; exits non-zero if any failed. */
export function addBenchAll(bench: Command): void {
  bench
    .command('all')
    .description('run every station bench (each as a child process, --json) and write BENCHMARKS.md: machine, date, every figure with its peer and target, raw JSON')
    .option('--out <file>', 'markdown file to write', 'BENCHMARKS.md')
    .option('--quick', 'small sizes for every bench (a smoke run, not a measurement)')
    .option('--only <list>', `comma-separated subset of ${BENCHES.map((b) => b.name).join(',')}`, (value: string) => value.split(',').map((name) => name.trim()).filter(Boolean))
    .option('--soak-minutes <m>', 'length of the soak bench (default: its own, 30 min; 0.3 with --quick)', (value: string) => {
      const minutes = Number(value);
      if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`--soak-minutes must be a positive number, got "${value}"`);
      return minutes;
    })
    .action(async (options: { out: string; quick?: boolean; only?: string[]; soakMinutes?: number }) => {
      const runs = await runBenchAll({
        out: options.out, quick: options.quick === true, only: options.only, soakMinutes: options.soakMinutes,
        onProgress: (line) => process.stderr.write(`bench all: ${line}\n`),
      });
      const failed = runs.filter((run) => run.error);
      process.stdout.write(`wrote ${options.out}: ${runs.length - failed.length} of ${runs.length} benches ok${failed.length ? `; failed: ${failed.map((run) => run.name).join(', ')}` : ''}\n`);
      if (failed.length) process.exitCode = 1;
    });
}
