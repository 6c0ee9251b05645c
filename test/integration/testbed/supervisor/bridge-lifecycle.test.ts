// Starting the real supervisord under awkward conditions: not installed, bad programs, stale files,
// long paths, concurrent callers; replacing it after a SIGKILL (the watchdog).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SupervisorBridge, type SupervisorBridgeOptions } from '../../../../main/testbed/supervisor/bridge.js';
import { pidExists } from '../../../../main/os/pid.js';
import { SUPERVISOR_INSTALL_HINT, SupervisorConfigError, SupervisorNotInstalled } from '../../../../main/testbed/supervisor/errors.js';
import { findProgramProcesses } from '../../../../main/testbed/supervisor/orphans.js';
import { describeLoss, SupervisorWatchdog, type SupervisorLoss } from '../../../../main/testbed/supervisor/watchdog.js';
import { waitFor } from '../../../helpers/net.js';
import { processRunning } from '../../../helpers/testbed.js';

const root = mkdtempSync(join(tmpdir(), 'sv-life-'));
const bridges: SupervisorBridge[] = [];
const sleeper = { name: 'sleeper', command: ['/bin/sleep', '60'], startsecs: 0, stopwaitsecs: 1 };

function bridgeFor(name: string, extra: Partial<SupervisorBridgeOptions> = {}): SupervisorBridge {
  const bridge = new SupervisorBridge({ dataDir: join(root, name), programs: [sleeper], ...extra });
  bridges.push(bridge);
  return bridge;
}

function pidFromFile(bridge: SupervisorBridge): number | null {
  try {
    return Number.parseInt(readFileSync(bridge.paths.pidFile, 'utf8'), 10);
  } catch {
    return null;
  }
}

afterAll(async () => {
  for (const bridge of bridges) {
    const pid = pidFromFile(bridge);
    await bridge.shutdown(10_000).catch(() => {
      if (pid !== null && pidExists(pid)) process.kill(pid, 'SIGKILL');
    });
  }
  rmSync(root, { recursive: true, force: true });
});

describe('SupervisorBridge start-up', () => {
  it('reports supervisord missing from PATH as SupervisorNotInstalled with the install hint, starting nothing', async () => {
    const bridge = bridgeFor('no-path', { env: { PATH: '/nonexistent' }, fallbackDirs: [] });
    const error = await bridge.ensureRunning().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SupervisorNotInstalled);
    expect((error as Error).message).toContain('supervisord is not installed');
    expect((error as Error).message).toContain(SUPERVISOR_INSTALL_HINT);
    expect(existsSync(bridge.paths.pidFile)).toBe(false);
    expect(await bridge.isRunning()).toBe(false);
  });

  it('reports an explicit supervisord path that does not exist the same way', async () => {
    const bridge = bridgeFor('bad-binary', { supervisordPath: join(root, 'nowhere', 'supervisord') });
    await expect(bridge.ensureRunning()).rejects.toThrow(/supervisord is not installed \(looked for .*nowhere\/supervisord\)\. Install it with `sudo apt-get install supervisor`/);
  });

  it('rejects an unrepresentable program before writing or starting anything', async () => {
    const bridge = bridgeFor('bad-program', { programs: [{ name: 'bad', command: ['/bin/echo', 'one\ntwo'] }] });
    await expect(bridge.ensureRunning()).rejects.toThrow(SupervisorConfigError);
    expect(existsSync(bridge.paths.dir)).toBe(false);
  });

  it('shares one launch between concurrent callers, in one bridge and across two bridges on one data dir', async () => {
    const a = bridgeFor('shared');
    const b = bridgeFor('shared');
    const results = await Promise.all([a.ensureRunning(), a.ensureRunning(), b.ensureRunning()]);
    expect(new Set(results.map((r) => r.pid)).size).toBe(1);
    expect(results[0]).toBe(results[1]);
    expect(results.filter((r) => r.started)).toHaveLength(2); // the same result object, shared by a's two calls
    expect(results[2].started).toBe(false);
    expect(pidExists(results[0].pid)).toBe(true);
    // No orphaned second daemon: only one supervisord runs with this config.
    const daemons = execFileSync('pgrep', ['-f', a.paths.configPath], { encoding: 'utf8' }).trim().split('\n');
    expect(daemons).toEqual([String(results[0].pid)]);
    await a.shutdown();
    expect(pidExists(results[0].pid)).toBe(false);
  });

  it('replaces a supervisord that died with SIGKILL, cleaning its stale socket and pid file', async () => {
    const bridge = bridgeFor('stale');
    const first = await bridge.ensureRunning();
    process.kill(first.pid, 'SIGKILL');
    await waitFor(() => !pidExists(first.pid), 5_000, 'supervisord to die');
    expect(existsSync(bridge.paths.socketPath)).toBe(true); // left behind
    expect(await bridge.isRunning()).toBe(false);
    const second = await bridge.ensureRunning();
    expect(second.started).toBe(true);
    expect(second.pid).not.toBe(first.pid);
    await bridge.start('sleeper');
    expect((await bridge.programStatus('sleeper')).state).toBe('RUNNING');
  });

  it('falls back to a short /tmp socket when the data directory path is too long for a unix socket', async () => {
    const bridge = bridgeFor(`long-${'d'.repeat(110)}`);
    expect(bridge.paths.socketPath).toMatch(/^\/tmp\/station-sv-.+-[0-9a-f]{12}\.sock$/);
    const result = await bridge.ensureRunning();
    expect(result.started).toBe(true);
    expect(existsSync(bridge.paths.socketPath)).toBe(true);
    await bridge.shutdown();
    expect(existsSync(bridge.paths.socketPath)).toBe(false);
    expect(pidExists(result.pid)).toBe(false);
  });

  it('is replaced by the watchdog after a SIGKILL, retrying with backoff, its orphaned program stopped and started once again', async () => {
    const bridge = bridgeFor('watched');
    const first = await bridge.ensureRunning();
    await bridge.start('sleeper');
    const orphan = (await bridge.programStatus('sleeper')).pid!;
    const changes: SupervisorLoss[] = [];
    const watchdog = new SupervisorWatchdog({ bridge, onChange: (loss) => changes.push(loss), pollMs: 100, firstRetryMs: 200 });
    try {
      // Without its config file the first attempts fail: the watchdog keeps trying.
      const config = readFileSync(bridge.paths.configPath);
      rmSync(bridge.paths.configPath);
      process.kill(first.pid, 'SIGKILL');
      await waitFor(() => (watchdog.loss?.attempts ?? 0) >= 2, 10_000, 'two failed replacement attempts');
      expect(watchdog.loss).toMatchObject({ pid: first.pid, replacedBy: null, error: expect.stringContaining('no supervisord config to start from') });
      expect(describeLoss(watchdog.loss!)).toMatch(new RegExp(`^supervisord \\(pid ${first.pid}\\) died at .+ \\(killed or crashed\\); replacing it \\(attempt \\d+ failed: no supervisord config`));
      expect(processRunning(orphan)).toBe(true); // nothing is stopped before a new daemon can take over
      writeFileSync(bridge.paths.configPath, config);
      const replaced = await waitFor(() => (watchdog.loss?.replacedBy ? watchdog.loss : null), 15_000, 'the replacement');
      expect(replaced).toMatchObject({ pid: first.pid, restarted: ['sleeper'], error: null });
      const now = await bridge.programStatus('sleeper');
      expect(now.state).toBe('RUNNING');
      expect(processRunning(orphan)).toBe(false);
      expect(findProgramProcesses(bridge.paths.socketPath).map((p) => p.pid)).toEqual([now.pid]);
      // A shutdown is not a loss.
      const seen = changes.length;
      await bridge.shutdown();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(changes).toHaveLength(seen);
      expect(watchdog.loss?.replacedBy).toBe(replaced.replacedBy);
    } finally {
      watchdog.stop();
    }
  }, 40_000);
});
