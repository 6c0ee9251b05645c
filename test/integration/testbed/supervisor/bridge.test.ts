// SupervisorBridge against the real supervisord 4.2.5: one daemon per data directory, in temp dirs.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupervisorBridge } from '../../../../main/testbed/supervisor/bridge.js';
import type { SupervisorProgram } from '../../../../main/testbed/supervisor/config.js';
import { pidExists } from '../../../../main/os/pid.js';
import { SupervisorFault, SupervisorFaultCode, UnknownSupervisorProgram } from '../../../../main/testbed/supervisor/errors.js';
import { waitFor } from '../../../helpers/net.js';

const node = process.execPath;
const TRICKY = ['two words', `it's "quoted"`, 'a ;b #c', '100%', '', 'trailing '];

const programs: SupervisorProgram[] = [
  { name: 'ticker', command: [node, '-e', "let n = 0; setInterval(() => console.log('tick ' + n++), 100)"], stopwaitsecs: 2 },
  {
    name: 'argv-echo',
    command: [node, '-e', "console.log('ARGV ' + JSON.stringify({ argv: process.argv.slice(1), env: process.env.TRICKY })); setInterval(() => {}, 1000)", ...TRICKY],
    environment: { TRICKY: 'a b, c=d 50%' },
    stopwaitsecs: 2,
  },
  { name: 'sh-loop', command: ['/bin/sh', '-c', 'while true; do echo "loop $$"; sleep 0.2; done'], stopwaitsecs: 2 },
];

// A space and a % in the data directory exercise path quoting end to end.
const root = mkdtempSync(join(tmpdir(), 'sv bridge %-'));
const bridges: SupervisorBridge[] = [];

function bridgeFor(dataDir: string, extra: Partial<ConstructorParameters<typeof SupervisorBridge>[0]> = {}): SupervisorBridge {
  const bridge = new SupervisorBridge({ dataDir, programs, ...extra });
  bridges.push(bridge);
  return bridge;
}

function daemonPid(bridge: SupervisorBridge): number | null {
  try {
    return Number.parseInt(readFileSync(bridge.paths.pidFile, 'utf8'), 10);
  } catch {
    return null;
  }
}

afterAll(async () => {
  for (const bridge of bridges) {
    const pid = daemonPid(bridge);
    await bridge.shutdown(10_000).catch(() => {
      // XML-RPC failed: stop the daemon by its own pid.
      if (pid !== null && pidExists(pid)) process.kill(pid, 'SIGKILL');
    });
  }
  rmSync(root, { recursive: true, force: true });
});

describe('SupervisorBridge with real supervisord', () => {
  const bridge = bridgeFor(join(root, 'station one'));
  let firstPid = 0;

  beforeAll(async () => {
    const result = await bridge.ensureRunning();
    expect(result.started).toBe(true);
    firstPid = result.pid;
  });

  it('launches supervisord on the generated config, and reuses it on the next call (same pid)', async () => {
    expect(pidExists(firstPid)).toBe(true);
    expect(bridge.paths.socketPath).toBe(join(root, 'station one', 'testbed', `supervisor-${process.env.USER ?? 'root'}.sock`));
    expect(await bridge.client.getState()).toEqual({ statecode: 1, statename: 'RUNNING' });
    const again = await bridge.ensureRunning();
    expect(again).toEqual({ pid: firstPid, started: false, changes: { added: [], changed: [], removed: [] } });
    const names = (await bridge.status()).map((s) => [s.name, s.state]);
    expect(names).toEqual([['argv-echo', 'STOPPED'], ['sh-loop', 'STOPPED'], ['ticker', 'STOPPED']]);
  });

  it('starts, reports pid and uptime, and stops a program', async () => {
    await bridge.start('ticker');
    const running = await bridge.programStatus('ticker');
    expect(running.state).toBe('RUNNING');
    expect(running.pid).toBeGreaterThan(0);
    expect(pidExists(running.pid!)).toBe(true);
    expect(running.uptimeSeconds).toBeGreaterThanOrEqual(1); // startProcess(wait) returns after startsecs=1
    expect(running.logfile).toBe(join(bridge.paths.logDir, 'ticker.log'));
    await bridge.start('ticker'); // already running is not an error
    await bridge.stop('ticker');
    const stopped = await bridge.programStatus('ticker');
    expect(stopped).toMatchObject({ state: 'STOPPED', pid: null, uptimeSeconds: 0 });
    expect(pidExists(running.pid!)).toBe(false);
    await bridge.stop('ticker'); // already stopped is not an error
  });

  it('tails a program log', async () => {
    await bridge.start('ticker', { wait: false });
    const text = await waitFor(async () => {
      const tail = await bridge.tail('ticker', 200);
      return /tick 5\n/.test(tail) ? tail : null;
    }, 10_000, 'tick 5 in the log');
    expect(text.length).toBeLessThanOrEqual(200);
    await bridge.stop('ticker');
  });

  it('passes argv and environment through supervisord unchanged', async () => {
    await bridge.start('argv-echo');
    const line = await waitFor(async () => (await bridge.tail('argv-echo', 4096)).match(/^ARGV (.*)$/m), 10_000, 'ARGV line');
    expect(JSON.parse(line[1])).toEqual({ argv: TRICKY, env: 'a b, c=d 50%' });
    await bridge.stop('argv-echo');
  });

  it('autorestarts a program killed with SIGKILL: new pid, RUNNING again', async () => {
    await bridge.start('sh-loop');
    const before = (await bridge.programStatus('sh-loop')).pid!;
    process.kill(before, 'SIGKILL');
    const after = await waitFor(async () => {
      const status = await bridge.programStatus('sh-loop');
      return status.state === 'RUNNING' && status.pid !== before ? status : null;
    }, 10_000, 'sh-loop running again with a new pid');
    expect(pidExists(after.pid!)).toBe(true);
    expect(pidExists(before)).toBe(false);
    await bridge.stop('sh-loop');
  });

  it('restart gives a new pid', async () => {
    await bridge.start('ticker');
    const before = (await bridge.programStatus('ticker')).pid;
    await bridge.restart('ticker');
    const after = await bridge.programStatus('ticker');
    expect(after.state).toBe('RUNNING');
    expect(after.pid).not.toBe(before);
    await bridge.stopAll();
    expect((await bridge.status()).every((s) => s.state === 'STOPPED')).toBe(true);
  });

  it('surfaces supervisord faults and rejects names that are not configured', async () => {
    const fault = await bridge.client.startProcess('no-such-program').catch((e: unknown) => e);
    expect(fault).toBeInstanceOf(SupervisorFault);
    expect(fault).toMatchObject({ code: SupervisorFaultCode.BAD_NAME, faultString: 'BAD_NAME: no-such-program', method: 'supervisor.startProcess' });
    await expect(bridge.start('no-such-program')).rejects.toThrow(UnknownSupervisorProgram);
    await expect(bridge.start('no-such-program')).rejects.toThrow('no supervisord program "no-such-program" is configured (configured: ticker, argv-echo, sh-loop)');
  });

  it('applies a changed program list to the running daemon (added, changed, removed)', async () => {
    const changed = programs.map((p) => (p.name === 'ticker' ? { ...p, stopwaitsecs: 3 } : p)).filter((p) => p.name !== 'sh-loop');
    const added = { name: 'extra', command: ['/bin/sleep', '30'], startsecs: 0 };
    const result = await bridge.ensureRunning([...changed, added]);
    expect(result.started).toBe(false);
    expect(result.pid).toBe(firstPid);
    expect(result.changes).toEqual({ added: ['extra'], changed: ['ticker'], removed: ['sh-loop'] });
    expect((await bridge.status()).map((s) => s.name)).toEqual(['argv-echo', 'extra', 'ticker']);
    await bridge.start('extra');
    expect((await bridge.programStatus('extra')).state).toBe('RUNNING');
    await bridge.ensureRunning(programs); // back to the original list; extra is stopped and removed
    expect((await bridge.status()).map((s) => s.name)).toEqual(['argv-echo', 'sh-loop', 'ticker']);
  });

  it('a second data directory gets its own socket and its own supervisord', async () => {
    const other = bridgeFor(join(root, 'station two'));
    const result = await other.ensureRunning();
    expect(result.started).toBe(true);
    expect(result.pid).not.toBe(firstPid);
    expect(other.paths.socketPath).not.toBe(bridge.paths.socketPath);
    expect(await other.client.getPID()).toBe(result.pid);
    expect(await bridge.client.getPID()).toBe(firstPid);
    await other.shutdown();
    expect(pidExists(result.pid)).toBe(false);
    expect(await bridge.isRunning()).toBe(true);
  });

  it('shutdown stops the programs and supervisord and removes its socket', async () => {
    await bridge.start('ticker');
    const programPid = (await bridge.programStatus('ticker')).pid!;
    await bridge.shutdown();
    expect(pidExists(firstPid)).toBe(false);
    expect(pidExists(programPid)).toBe(false);
    expect(existsSync(bridge.paths.socketPath)).toBe(false);
    expect(await bridge.isRunning()).toBe(false);
    await bridge.shutdown(); // nothing running: no-op
  });
});
