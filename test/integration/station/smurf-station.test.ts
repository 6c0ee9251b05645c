/**
 * The station's smurf side over real sockets: createStation brings up the simulated crate (4
 * PysmurfControllers, the PysmurfMonitor on real UDP, the MultiSmurfManager) on the embedded router
 * with a real SQLite store in a temp dir; the sim scripts run as real processes. Everything is
 * driven through the handler table, as the UI does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpReplyView } from '../../../shared/ipc.js';
import type { DataFileRecord, ScriptEntry, ScriptOutputLine, ScriptRunRecord, SmurfInfo, SmurfSlot } from '../../../shared/smurf.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';
import { recordPushes, tableValue } from '../../helpers/station-table.js';

const C1S2 = 'observatory.pysmurf-controller-c1s2';
const C1S3 = 'observatory.pysmurf-controller-c1s3';

let dataDir: string;
let station: Station;
let pushes: ReturnType<typeof recordPushes>;

const value = <T>(channel: string, request?: unknown) => tableValue<T>(station.table, channel, request);

async function errorOf(channel: string, request?: unknown): Promise<{ code: string; message: string }> {
  const envelope = await station.table.invoke(channel, request);
  if (envelope.ok) throw new Error(`${channel} unexpectedly succeeded`);
  return envelope.error;
}

async function start(): Promise<Station> {
  const created = await createStation({ mode: 'headless', wampPort: 0, dataDir, smurfUdpPort: 0, demo: false });
  pushes = recordPushes(created.table);
  return created;
}

/** Runs `op` on a controller through op:start + op:wait and returns the final reply. */
async function runOp(address: string, op: string, params: Record<string, unknown>): Promise<OpReplyView> {
  const started = await value<OpReplyView>('op:start', { address, op, params });
  expect(started.status, started.message).toBe(0);
  return value<OpReplyView>('op:wait', { address, op, timeout: 20 });
}

let helloRun: ScriptRunRecord;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'smurf-station-'));
  station = await start();
});
afterAll(async () => {
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('station smurf site (embedded)', () => {
  it('reports the manager, the monitor and the script directories', async () => {
    const info = await value<SmurfInfo>('smurf:info');
    expect(info.managerAddress).toBe('observatory.multismurf');
    expect(info.monitorAddress).toBe('observatory.pysmurf-monitor');
    expect(info.scriptDirs).toHaveLength(1);
    expect(info.scriptDirs[0]).toMatch(/resources\/smurf\/scripts$/);
    expect(station.smurf?.udpPort).toBeGreaterThan(0);
  });

  it('lists the four slots with their stream ids from check_state, alive, and pushes them', async () => {
    const slots = await waitFor(async () => {
      const list = await value<SmurfSlot[]>('smurf:slots');
      return list.length === 4 && list.every((slot) => slot.streamId.startsWith('crate1slot')) ? list : null;
    }, 15_000, 'four slots with stream ids');
    expect(slots.map((slot) => [slot.instanceId, slot.crate, slot.slot, slot.streamId, slot.expired])).toEqual([
      ['pysmurf-controller-c1s2', 1, 2, 'crate1slot2', false],
      ['pysmurf-controller-c1s3', 1, 3, 'crate1slot3', false],
      ['pysmurf-controller-c1s4', 1, 4, 'crate1slot4', false],
      ['pysmurf-controller-c1s5', 1, 5, 'crate1slot5', false],
    ]);
    await waitFor(() => pushes.of<SmurfSlot>('smurf:slots').some((slot) => slot.streamId === 'crate1slot5'), 5000, 'a smurf:slots push');
  });

  it('lists the sim scripts in the allowed directory', async () => {
    const scripts = await value<ScriptEntry[]>('scripts:list');
    const names = scripts.map((script) => script.name);
    expect(names).toEqual(expect.arrayContaining(['hello_smurf.py', 'smurf_op.py', 'tune_squids.py']));
    expect(names).not.toContain('__pycache__');
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
  });

  it('records a run: pushes the run and its output, then history and output return them', async () => {
    const scripts = await value<ScriptEntry[]>('scripts:list');
    const hello = scripts.find((script) => script.name === 'hello_smurf.py')!;
    const reply = await runOp(C1S2, 'run', { script: hello.path, args: ['--duration', '0.6', '--interval', '0.1'] });
    expect(reply.session?.success, JSON.stringify(reply.session?.messages)).toBe(true);
    expect(reply.session?.messages.map(([, text]) => text)).toContain('Script has finished with exit code 0');

    const ended = await waitFor(() => pushes.of<ScriptRunRecord>('scripts:runs').find((run) => run.script === hello.path && run.endedAt !== null), 5000, 'the ended run pushed');
    expect(ended).toMatchObject({ controller: C1S2, streamId: 'crate1slot2', op: 'run', args: ['--duration', '0.6', '--interval', '0.1'], exitCode: 0, success: true });
    await waitFor(() => pushes.of<ScriptOutputLine>('scripts:output').some((line) => line.runId === ended.id && line.text.startsWith('done after')), 5000, 'the last output line pushed');

    const history = await value<ScriptRunRecord[]>('scripts:history', { limit: 10 });
    helloRun = history.find((run) => run.id === ended.id)!;
    expect(helloRun).toMatchObject({ script: hello.path, exitCode: 0, success: true });
    expect(helloRun.lines).toBeGreaterThanOrEqual(4);
    const lines = await value<ScriptOutputLine[]>('scripts:output', { runId: ended.id });
    expect(lines.map((line) => line.seq)).toEqual(lines.map((_line, i) => i));
    expect(lines[0].text).toContain('SMURFPUB_ID=crate1slot2');
    expect(lines.some((line) => line.text.startsWith('line 1 at'))).toBe(true);
    const window = await value<ScriptOutputLine[]>('scripts:output', { runId: ended.id, offset: 1, limit: 2 });
    expect(window).toEqual(lines.slice(1, 3));
  });

  it('shows the slot’s last result after the run', async () => {
    const slot = await waitFor(async () => {
      const slots = await value<SmurfSlot[]>('smurf:slots');
      return slots.find((entry) => entry.address === C1S2 && entry.lastResult?.op === 'run');
    }, 5000, 'the run as last result');
    expect(slot.lastResult).toMatchObject({ success: true, message: 'Script has finished with exit code 0' });
    expect(slot.currentOp).toBeNull();
  });

  it('indexes the data files of a measurement op and lists them by publisher', async () => {
    const reply = await runOp(C1S3, 'take_noise', { duration: 0.5, kwargs: { sim_duration: 0.5 } });
    expect(reply.session?.success, JSON.stringify(reply.session?.messages)).toBe(true);
    const files = await waitFor(async () => {
      const list = await value<DataFileRecord[]>('smurf:datafiles', { pubId: 'crate1slot3' });
      return list.length > 0 ? list : null;
    }, 5000, 'a data file of crate1slot3');
    expect(files[0]).toMatchObject({ pubId: 'crate1slot3', source: 'data_file' });
    expect(files[0].path.startsWith(join(dataDir, 'smurf_data'))).toBe(true);
    expect(pushes.of<DataFileRecord>('smurf:datafiles').some((file) => file.id === files[0].id)).toBe(true);
    expect(await value<DataFileRecord[]>('smurf:datafiles', { pubId: 'crate1slot4' })).toEqual([]);
  });

  it('shows a running op on its slot card, and the manager abort (as the launcher sends it) ends the run', async () => {
    const C1S4 = 'observatory.pysmurf-controller-c1s4';
    const scripts = await value<ScriptEntry[]>('scripts:list');
    const hello = scripts.find((script) => script.name === 'hello_smurf.py')!;
    const started = await value<OpReplyView>('op:start', { address: C1S4, op: 'run', params: { script: hello.path, args: ['--duration', '30'] } });
    expect(started.status, started.message).toBe(0);
    const running = await waitFor(async () => (await value<SmurfSlot[]>('smurf:slots')).find((slot) => slot.address === C1S4 && slot.currentOp?.name === 'run'), 5000, 'run as current op');
    expect(running.currentOp?.startedAt).toBeGreaterThan(Date.now() / 1000 - 10);
    await waitFor(() => pushes.of<ScriptOutputLine>('scripts:output').some((line) => line.text.startsWith('line 2 at')), 5000, 'live output');

    const abort = await value<OpReplyView>('op:start', { address: 'observatory.multismurf', op: 'abort', params: { stream_ids: ['crate1slot4'] } });
    expect(abort.status, abort.message).toBe(0);
    const done = await value<OpReplyView>('op:wait', { address: C1S4, op: 'run', timeout: 10 });
    expect(done.session?.success).toBe(false);
    const ended = await waitFor(() => pushes.of<ScriptRunRecord>('scripts:runs').find((run) => run.controller === C1S4 && run.endedAt !== null), 5000, 'the aborted run pushed');
    expect(ended.success).toBe(false);
    expect(ended.exitCode !== 0 || ended.signal !== null).toBe(true);
    const slot = await waitFor(async () => (await value<SmurfSlot[]>('smurf:slots')).find((entry) => entry.address === C1S4 && entry.currentOp === null && entry.lastResult?.op === 'run'), 5000, 'the slot idle again');
    expect(slot.lastResult?.success).toBe(false);
  });

  it('refuses bad requests with bad_request', async () => {
    expect((await errorOf('scripts:output', { runId: 0 })).code).toBe('bad_request');
    expect((await errorOf('scripts:history', { limit: 0 })).code).toBe('bad_request');
    expect((await errorOf('smurf:datafiles', { limit: 'all' })).code).toBe('bad_request');
    expect((await errorOf('smurf:slots', { extra: 1 })).code).toBe('bad_request');
    expect(await value('scripts:output', { runId: 999_999 })).toEqual([]);
  });

  it('keeps the history across a restart on the same data directory', async () => {
    await station.close();
    station = await start();
    const history = await value<ScriptRunRecord[]>('scripts:history', { limit: 50 });
    expect(history.find((run) => run.id === helloRun.id)).toEqual(helloRun);
    const lines = await value<ScriptOutputLine[]>('scripts:output', { runId: helloRun.id, limit: 10_000 });
    expect(lines).toHaveLength(helloRun.lines);
  });
});
