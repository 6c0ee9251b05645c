/** The script runner and process-tree termination with real processes (resources/smurf/scripts/demo_spawner.py). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SMURF_SITE_FILE, loadSmurfSite } from '../../../main/agents/pysmurf-controller/site-config.js';
import { readProcStat } from '../../../main/smurf/process-tree.js';
import { commandFor, exitMessage, launchScript } from '../../../main/smurf/script-runner.js';
import { waitFor } from '../../helpers/net.js';

const scripts = loadSmurfSite(DEFAULT_SMURF_SITE_FILE).scriptDirs[0];
const env = { PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };

function start(args: string[]) {
  const lines: string[] = [];
  const script = launchScript({ script: join(scripts, 'demo_spawner.py'), args, env, onLine: (_s, text) => lines.push(text) });
  return { script, lines };
}

const pidsOf = (lines: string[]) => lines.filter((l) => /^(spawner|spawned) \d+$/.test(l)).map((l) => Number(l.split(' ')[1]));
const gone = (pid: number) => {
  const stat = readProcStat(pid);
  return stat === null || stat.state === 'Z';
};

/** Waits for the spawner and its 3 descendants to print their pids (four python3 start-ups), showing the output on failure. */
const treeStarted = (lines: string[]) => waitFor(() => pidsOf(lines).length >= 4, 20_000, 'spawner and 3 descendants').catch((error: Error) => {
  throw new Error(`${error.message}; output so far: ${JSON.stringify(lines)}`);
});

describe('process tree termination', () => {
  it('escalates to SIGTERM when the tree ignores SIGINT, and leaves nothing behind', async () => {
    const { script, lines } = start(['--ignore-sigint']);
    await treeStarted(lines);
    const result = await script.abort({ sigintMs: 300, sigtermMs: 2000 });
    expect(result.gone).toBe(true);
    expect(result.signals).toEqual(['SIGINT', 'SIGTERM']);
    expect(result.members.length).toBeGreaterThanOrEqual(4);
    for (const pid of pidsOf(lines)) expect(gone(pid), `pid ${pid}`).toBe(true);
    const exit = await script.done;
    expect(exit.signal).toBe('SIGTERM');
    expect(exitMessage(exit)).toBe('Script was killed by SIGTERM');
  });

  it('a tree that honours SIGINT ends after SIGINT alone, well within a second', async () => {
    const { script, lines } = start([]);
    await treeStarted(lines);
    const result = await script.abort({ sigintMs: 3000, sigtermMs: 2000 });
    expect(result).toMatchObject({ gone: true, signals: ['SIGINT'] });
    expect(result.elapsedMs).toBeLessThan(1000);
    expect((await script.done).exitCode).toBe(130);
    for (const pid of pidsOf(lines)) expect(gone(pid), `pid ${pid}`).toBe(true);
  });

  it('ends what a SIGKILLed script left running before the run counts as over, and reports their pids', async () => {
    const { script, lines } = start([]);
    await treeStarted(lines);
    const [spawner, ...descendants] = pidsOf(lines);
    process.kill(spawner, 'SIGKILL');
    const exit = await script.done;
    expect(exit).toMatchObject({ exitCode: null, signal: 'SIGKILL', spawnError: null });
    expect([...exit.leftovers].sort((a, b) => a - b)).toEqual([...descendants].sort((a, b) => a - b));
    for (const pid of descendants) expect(gone(pid), `pid ${pid}`).toBe(true);
    // The children's last words (their SIGINT tracebacks) were still read: the pipes closed only when they ended.
    expect(lines.some((line) => line.includes('KeyboardInterrupt'))).toBe(true);
  });

  it('reports a missing interpreter as a start failure instead of throwing later', async () => {
    const script = launchScript({ script: join(scripts, 'hello_smurf.py'), args: [], interpreters: { '.py': ['/nonexistent/python'] } });
    const exit = await script.done;
    expect(exit.exitCode).toBeNull();
    expect(exitMessage(exit)).toMatch(/^Script could not be started: .*ENOENT/);
  });

  it('chooses the interpreter by extension and runs executables directly', () => {
    expect(commandFor('/s/a.py', ['x'])).toEqual(['python3', '-u', '/s/a.py', 'x']);
    expect(commandFor('/s/a.sh', [])).toEqual(['/bin/sh', '/s/a.sh']);
    expect(commandFor('/bin/true', ['y'])).toEqual(['/bin/true', 'y']);
    expect(() => commandFor(join(scripts, '..', 'smurf-site.yaml'), [])).toThrow(/No interpreter is configured for ".yaml" files/);
  });
});
