import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPysmurfController, DEFAULT_SMURF_SITE_FILE, loadSmurfSite } from '../../../main/agents/pysmurf-controller/index.js';
import { silentLogger } from '../../../main/ocs/logger.js';
import { findOrphanScripts, ownerMarker, SCRIPT_OWNER_ENV } from '../../../main/smurf/orphan-scripts.js';
import { isAlive, readProcStat } from '../../../main/smurf/process-tree.js';
import { launchScript, type RunningScript } from '../../../main/smurf/script-runner.js';
import { waitFor } from '../../helpers/net.js';

const site = loadSmurfSite(DEFAULT_SMURF_SITE_FILE);
const HELLO = join(site.scriptDirs[0], 'hello_smurf.py');
const ADDRESS = 'observatory.pysmurf-controller-c1s9';
const started: RunningScript[] = [];

/** A script marked as started by `marker`'s owner for ADDRESS; resolves once it printed its first line. */
async function markedScript(marker: string): Promise<RunningScript & { startTime: number }> {
  let lines = 0;
  const script = launchScript({ script: HELLO, args: ['--duration', '60', '--interval', '0.2'], env: { [SCRIPT_OWNER_ENV]: marker }, onLine: () => (lines += 1) });
  started.push(script);
  await waitFor(() => lines > 0, 10_000, 'the first output line');
  return Object.assign(script, { startTime: readProcStat(script.pid!)!.startTime });
}

afterEach(async () => {
  for (const script of started.splice(0)) await script.abort({ sigintMs: 500, sigtermMs: 500 });
});

describe('scripts left running by a killed controller', () => {
  it('are ended when a controller with the same address starts; scripts of a live owner are left alone', async () => {
    // A process that has exited stands for the controller that was killed with SIGKILL.
    const dead = spawnSync(process.execPath, ['-e', '']);
    const orphan = await markedScript(`${ADDRESS} ${dead.pid} 1`);
    const owned = await markedScript(ownerMarker(ADDRESS));
    const otherController = await markedScript(`observatory.pysmurf-controller-c1s8 ${dead.pid} 1`);
    expect(findOrphanScripts(ADDRESS)).toEqual([orphan.pid]);

    createPysmurfController({ instanceId: 'pysmurf-controller-c1s9', slot: 9, site, udp: { host: '127.0.0.1', port: 9 }, logger: silentLogger });
    await waitFor(() => !isAlive(orphan.pid!, orphan.startTime), 10_000, 'the orphaned script to end');
    expect((await orphan.done).signal ?? (await orphan.done).exitCode).not.toBe(0);
    // Its own live owner, and another controller's orphan, are not this controller's business.
    expect(isAlive(owned.pid!, owned.startTime)).toBe(true);
    expect(isAlive(otherController.pid!, otherController.startTime)).toBe(true);
  });
});
