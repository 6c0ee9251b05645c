/**
 * A Python OCS client (Debian python3-autobahn, test/python/ocs_smurf_client.py) drives the
 * TypeScript PysmurfController's `run` and `abort` over the real router.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProcStat } from '../../../main/smurf/process-tree.js';
import { DEBIAN_PYTHON, startProcess } from '../../helpers/net.js';
import { PYTHON_PEERS_DIR } from '../../helpers/python.js';
import { startSmurfBench, type SmurfBench } from './fixture.js';

type Step = { step: string; reply?: [number, string, { success: boolean | null; messages: Array<[number, string]>; status: string }]; error?: string };

let bench: SmurfBench;

beforeAll(async () => {
  bench = await startSmurfBench([4]);
});

afterAll(async () => {
  await bench?.close();
});

async function pythonClient(args: string[]): Promise<Step[]> {
  const proc = startProcess(DEBIAN_PYTHON, [`${PYTHON_PEERS_DIR}ocs_smurf_client.py`, '--url', bench.router.wsUrl, '--realm', bench.router.realm, '--agent', 'observatory.pysmurf-controller-c1s4', ...args], {
    PYTHONDONTWRITEBYTECODE: '1',
  });
  try {
    await proc.waitForLine(/^client done$/, 25_000);
  } finally {
    await proc.stop();
  }
  return proc.lines.filter((l) => l.startsWith('{"step"')).map((l) => JSON.parse(l) as Step);
}

const texts = (step: Step | undefined) => (step?.reply?.[2].messages ?? []).map(([, text]) => text);

describe('Python OCS client against the TS PysmurfController', () => {
  it('run: start, wait, and the exit code message', async () => {
    const steps = await pythonClient(['run', 'hello_smurf.py', '--duration', '0.3', '--interval', '0.1']);
    expect(steps.map((s) => s.step)).toEqual(['run.start', 'run.wait']);
    expect(steps[0].reply!.slice(0, 2)).toEqual([0, 'Started task "run".']);
    expect(steps[1].reply!.slice(0, 2)).toEqual([0, 'Operation "run" is currently not running (SUCCEEDED).']);
    expect(texts(steps[1])).toContain('Script has finished with exit code 0');
    const failed = await pythonClient(['run', 'hello_smurf.py', '--duration', '0', '--exit-code', '2']);
    expect(failed[1].reply!.slice(0, 2)).toEqual([0, 'Operation "run" is currently not running (FAILED).']);
    expect(texts(failed[1])).toContain('Script has finished with exit code 2');
  });

  it('abort: ends a running script tree started by run', async () => {
    const steps = await pythonClient(['--until', '^spawned \\d+$', 'run-abort', 'demo_spawner.py']);
    expect(steps.map((s) => s.step)).toEqual(['run.start', 'abort.start', 'abort.wait', 'run.wait']);
    expect(steps[1].reply!.slice(0, 2)).toEqual([0, 'Started task "abort".']);
    expect(texts(steps[2])).toContain('Aborting process');
    expect(steps[3].reply![1]).toBe('Operation "run" is currently not running (FAILED).');
    expect(texts(steps[3])).toContain('Script has finished with exit code 130');
    const pids = texts(steps[3]).filter((t) => /^(spawner|spawned) \d+$/.test(t)).map((t) => Number(t.split(' ')[1]));
    expect(pids.length).toBeGreaterThanOrEqual(2);
    for (const pid of pids) {
      const stat = readProcStat(pid);
      expect(stat === null || stat.state === 'Z', `pid ${pid} is gone`).toBe(true);
    }
  });
});
