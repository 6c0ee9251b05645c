// The typed XML-RPC client against a real supervisord (launched through the bridge in a temp dir).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SupervisorBridge } from '../../../../main/testbed/supervisor/bridge.js';
import { SupervisorClient } from '../../../../main/testbed/supervisor/client.js';
import { pidExists } from '../../../../main/os/pid.js';
import { SupervisorFault, SupervisorFaultCode, SupervisorUnavailable } from '../../../../main/testbed/supervisor/errors.js';
import { waitFor } from '../../../helpers/net.js';

const root = mkdtempSync(join(tmpdir(), 'sv-client-'));
// Prints markup-like text so the XML escaping is exercised on the way back; traps HUP to prove signalProcess.
const chatty = {
  name: 'chatty',
  command: ['/bin/sh', '-c', `trap 'echo got HUP' HUP; echo '<tag a="1">&amp; ü</tag>'; while true; do sleep 0.1; done`],
  startsecs: 0,
  stopwaitsecs: 1,
};
const bridge = new SupervisorBridge({ dataDir: root, programs: [chatty] });
const client = bridge.client;

beforeAll(async () => {
  await bridge.ensureRunning();
});

afterAll(async () => {
  const pid = Number.parseInt(readFileSync(bridge.paths.pidFile, 'utf8'), 10);
  await bridge.shutdown(10_000).catch(() => {
    if (pidExists(pid)) process.kill(pid, 'SIGKILL');
  });
  rmSync(root, { recursive: true, force: true });
});

describe('SupervisorClient', () => {
  it('reads state, pid and identification', async () => {
    expect(await client.getState()).toEqual({ statecode: 1, statename: 'RUNNING' });
    expect(await client.getPID()).toBe(Number.parseInt(readFileSync(bridge.paths.pidFile, 'utf8'), 10));
    expect(await client.getIdentification()).toMatch(/^control-station-[0-9a-f]{12}$/);
  });

  it('starts and stops all processes and reports per-process results', async () => {
    const started = await client.startAllProcesses(true);
    expect(started).toEqual([{ name: 'chatty', group: 'chatty', status: SupervisorFaultCode.SUCCESS, description: 'OK' }]);
    const info = await client.getProcessInfo('chatty');
    expect(info).toMatchObject({ name: 'chatty', group: 'chatty', statename: 'RUNNING', state: 20 });
    expect(info.pid).toBeGreaterThan(0);
  });

  it('reads and tails the log with markup and non-ASCII text intact', async () => {
    const expected = '<tag a="1">&amp; ü</tag>\n';
    await waitFor(async () => (await client.readProcessStdoutLog('chatty', 0, 0)).includes(expected), 5_000, 'first line in the log');
    expect(await client.readProcessStdoutLog('chatty', 0, 0)).toBe(expected);
    const tail = await client.tailProcessStdoutLog('chatty', 0, 1000);
    expect(tail).toEqual({ text: expected, offset: Buffer.byteLength(expected), overflow: false });
  });

  it('signals a process and clears its logs', async () => {
    expect(await client.signalProcess('chatty', 'HUP')).toBe(true);
    await waitFor(async () => (await bridge.tail('chatty', 1000)).includes('got HUP'), 5_000, 'the HUP trap output');
    expect(await client.clearProcessLogs('chatty')).toBe(true);
    expect(await client.readProcessStdoutLog('chatty', 0, 0)).toBe('');
  });

  it('rejects with SupervisorFault carrying the fault code and string', async () => {
    await expect(client.signalProcess('chatty', 'NOPE')).rejects.toMatchObject({ code: SupervisorFaultCode.BAD_SIGNAL, faultString: 'BAD_SIGNAL: NOPE' });
    await expect(client.startProcess('chatty')).rejects.toMatchObject({ code: SupervisorFaultCode.ALREADY_STARTED, faultString: 'ALREADY_STARTED: chatty' });
    await expect(client.removeProcessGroup('chatty')).rejects.toMatchObject({ code: SupervisorFaultCode.STILL_RUNNING });
    await expect(client.call('noSuchMethod')).rejects.toMatchObject({ code: SupervisorFaultCode.UNKNOWN_METHOD });
    await expect(client.getProcessInfo('ghost')).rejects.toBeInstanceOf(SupervisorFault);
  });

  it('stops all processes', async () => {
    const stopped = await client.stopAllProcesses(true);
    expect(stopped).toEqual([{ name: 'chatty', group: 'chatty', status: SupervisorFaultCode.SUCCESS, description: 'OK' }]);
    await expect(client.stopProcess('chatty')).rejects.toMatchObject({ code: SupervisorFaultCode.NOT_RUNNING });
  });

  it('reports a socket nobody listens on as SupervisorUnavailable', async () => {
    const nobody = new SupervisorClient(join(root, 'nobody.sock'), 1_000);
    await expect(nobody.getState()).rejects.toBeInstanceOf(SupervisorUnavailable);
    await expect(nobody.getState()).rejects.toThrow(/supervisord is not answering on .*nobody\.sock \(ENOENT\)/);
  });
});

describe('SupervisorBridge launch failure', () => {
  it('reports a binary that exits with an error as SupervisorUnavailable naming the command and exit code', async () => {
    const broken = new SupervisorBridge({ dataDir: join(root, 'broken'), programs: [chatty], supervisordPath: '/bin/false' });
    await expect(broken.ensureRunning()).rejects.toThrow(/supervisord -c .*broken\/testbed\/supervisord\.conf failed \(exit 1\)/);
  });
});
