/**
 * The script launcher against hostile input, on a real PysmurfController (router, monitor and
 * controller from the controller bench) whose only script directory is a temp dir of our own:
 * encoded and disguised traversal, symlinks (file and directory) pointing out of it, and seeded
 * arguments full of shell metacharacters that must reach the script verbatim as argv (the script
 * prints its argv as JSON), never a shell. What test/unit/main/agents/pysmurf-controller/script-paths.test.ts
 * and controller-run.test.ts already cover (plain `../`, /etc/passwd, escape symlinks in findScript) is not repeated.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcsClient } from '../../../main/ocs/client.js';
import { seededRandom } from '../../helpers/fuzz-frames.js';
import { messages, startSmurfBench, type SmurfBench } from '../pysmurf-controller/fixture.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const RUNS = Number(process.env.FUZZ_CASES ?? 25);

let bench: SmurfBench;
let client: OcsClient;
let root: string;
let scripts: string;
/** Created by any script that ran although it should not have, or by any shell that interpreted an argument. */
let marker: string;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'launcher-fuzz-')));
  scripts = join(root, 'scripts');
  marker = join(root, 'PWNED');
  mkdirSync(join(scripts, 'sub'), { recursive: true });
  writeFileSync(join(scripts, 'argv.py'), 'import json, sys\nprint("ARGV " + json.dumps(sys.argv[1:]))\n');
  // /bin/sh hands "$@" on unchanged; the shell never sees the arguments as code.
  writeFileSync(join(scripts, 'argv.sh'), `exec python3 -c 'import json, sys; print("ARGV " + json.dumps(sys.argv[1:]))' "$@"\n`);
  const outside = join(root, 'outside.py');
  writeFileSync(outside, `open(${JSON.stringify(marker)}, "w").write("outside.py ran")\n`);
  chmodSync(outside, 0o755);
  symlinkSync(outside, join(scripts, 'escape.py'));
  symlinkSync(root, join(scripts, 'uplink'));
  symlinkSync(join(root, 'nowhere.py'), join(scripts, 'dangling.py'));
  symlinkSync(join(scripts, 'loop-b.py'), join(scripts, 'loop-a.py'));
  symlinkSync(join(scripts, 'loop-a.py'), join(scripts, 'loop-b.py'));
  bench = await startSmurfBench([]);
  await bench.addController(3, { site: { ...bench.site, scriptDirs: [scripts] } });
  client = await bench.client('observatory.pysmurf-controller-c1s3');
}, 30_000);
afterAll(async () => {
  await bench?.close();
  rmSync(root, { recursive: true, force: true });
});

/** The argv the last run's script printed. */
function printedArgv(): string[] {
  const line = bench.recorder.last('run')?.lines.find((l) => l.stream === 'stdout' && l.text.startsWith('ARGV '));
  if (!line) throw new Error(`no ARGV line in ${JSON.stringify(bench.recorder.last('run')?.lines)}`);
  return JSON.parse(line.text.slice(5)) as string[];
}

const METACHARS = [';', '|', '&', '&&', '||', '$', '$(', ')', '`', '>', '<', '>>', '*', '?', '[', ']', '{', '}', '~', '!', '#', '\\', "'", '"', '\n', '\r', '\t', ' ', '%', '=', '-', '--', '%2e%2e', '../', '\u00e9', '💥'];
const PAYLOADS = [
  `; touch ${'PLACEHOLDER'}`,
  '$(touch PLACEHOLDER)',
  '`touch PLACEHOLDER`',
  '| touch PLACEHOLDER',
  '&& touch PLACEHOLDER',
  "'; touch PLACEHOLDER; echo '",
  '"; touch PLACEHOLDER; echo "',
  '\ntouch PLACEHOLDER\n',
  '; rm -rf /',
  '${IFS}touch${IFS}PLACEHOLDER',
  '--op; touch PLACEHOLDER',
  '-c',
  '',
  ' ',
];

/** One argument: a shell-injection payload aimed at the marker, or a random run of metacharacters and text. */
function randomArg(rand: () => number): string {
  if (rand() < 0.4) return PAYLOADS[Math.floor(rand() * PAYLOADS.length)].replaceAll('PLACEHOLDER', marker);
  return Array.from({ length: 1 + Math.floor(rand() * 8) }, () => (rand() < 0.7 ? METACHARS[Math.floor(rand() * METACHARS.length)] : String.fromCharCode(33 + Math.floor(rand() * 94)))).join('');
}

describe(`script launcher fuzz (seed ${SEED})`, () => {
  it('refuses encoded, disguised and symlinked ways out of the script directory; nothing outside runs', async () => {
    const refused = [
      '%2e%2e/outside.py',
      '%2e%2e%2foutside.py',
      '..%2foutside.py',
      '..%252foutside.py',
      '.%2e/outside.py',
      'sub/../../outside.py',
      './../outside.py',
      '..//outside.py',
      '..\\outside.py',
      `${scripts}/../outside.py`,
      `${scripts}/./../outside.py`,
      join(root, 'outside.py'),
      `file://${join(root, 'outside.py')}`,
      '~/outside.py',
      '$HOME/outside.py',
      '$(echo ../outside.py)',
      '`echo ../outside.py`',
      'argv.py; python3 ../outside.py',
      'argv.py && python3 ../outside.py',
      'argv.py\n../outside.py',
      'argv.py\u0000../outside.py',
      'escape.py',
      'uplink/outside.py',
      'uplink/scripts/../outside.py',
      'dangling.py',
      'loop-a.py',
      'sub',
      'sub/',
      '.',
      '/',
      ' ',
    ];
    for (const script of refused) {
      const reply = await client.tasks.run.run({ script, args: ['x'] });
      expect(reply.session?.success, `${JSON.stringify(script)}: ${messages(reply).join(' | ')}`).toBe(false);
      expect(messages(reply).join('\n'), JSON.stringify(script)).toMatch(/Refused: (script |the script path)/);
    }
    expect(existsSync(marker), 'a script outside the allowed directory ran').toBe(false);
    // `argv.py/` resolves (realpath) to argv.py itself, inside the directory: allowed, and it is the file it names.
    // The controller still runs allowed scripts afterwards.
    const ok = await client.tasks.run.run({ script: 'argv.py', args: ['still', 'works'] });
    expect(ok.session?.success, messages(ok).join(' | ')).toBe(true);
    expect(printedArgv()).toEqual(['still', 'works']);
  }, 60_000);

  it(`${RUNS} runs with seeded shell-metacharacter arguments: each reaches argv verbatim, no shell runs`, async () => {
    const rand = seededRandom(SEED);
    for (let i = 0; i < RUNS; i++) {
      const args = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => randomArg(rand));
      const script = i % 5 === 4 ? 'argv.sh' : 'argv.py';
      const where = `seed ${SEED}, run ${i} (${script}): ${JSON.stringify(args)}`;
      const reply = await client.tasks.run.run({ script, args });
      expect(reply.session?.success, `${where}: ${messages(reply).join(' | ')}`).toBe(true);
      expect(printedArgv(), where).toEqual(args);
      expect(existsSync(marker), `${where}: a shell interpreted an argument`).toBe(false);
    }
  }, 90_000);

  it('an argument with a NUL character is refused clearly, and non-string arguments arrive as Python str()', async () => {
    const nul = await client.tasks.run.run({ script: 'argv.py', args: ['a\u0000b'] });
    expect(nul.session?.success).toBe(false);
    expect(messages(nul).join('\n')).toMatch(/could not be started|NUL|null/i);
    const typed = await client.tasks.run.run({ script: 'argv.py', args: [1, 2.5, true, null, [1, 'a'], { k: 'v' }] });
    expect(typed.session?.success, messages(typed).join(' | ')).toBe(true);
    expect(printedArgv()).toEqual(['1', '2.5', 'True', 'None', "[1, 'a']", "{'k': 'v'}"]);
    expect(existsSync(marker)).toBe(false);
  }, 30_000);
});
