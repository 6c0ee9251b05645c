/**
 * Fault: SIGKILL of a running smurf script, started on a slot of the station's simulated crate through
 * the handler table (as the UI does). The script (demo_spawner.py) has two children and a setsid
 * grandchild and prints a tick every 0.1 s. The run op must fail at once naming the signal, the store
 * keep every line printed before the kill, the pushes, the slot and an alarm show it, none of the
 * script's children stay behind, the slot take the next run, and a restarted station show the same run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmList } from '../../../shared/alarms.js';
import type { OpReplyView } from '../../../shared/ipc.js';
import type { ScriptEntry, ScriptOutputLine, ScriptRunRecord, SmurfSlot } from '../../../shared/smurf.js';
import { readProcStat } from '../../../main/smurf/process-tree.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';
import { recordPushes, tableValue } from '../../helpers/station-table.js';

const SLOT = 'observatory.pysmurf-controller-c1s5';

let dataDir: string;
let station: Station;
let pushes: ReturnType<typeof recordPushes>;
/** The script's children and grandchild (pids it printed): killed here if a failing run left them. */
let treePids: number[] = [];

const value = <T>(channel: string, request?: unknown) => tableValue<T>(station.table, channel, request);

async function start(): Promise<Station> {
  const created = await createStation({ mode: 'headless', wampPort: 0, dataDir, smurfUdpPort: 0, demo: false });
  pushes = recordPushes(created.table);
  return created;
}

const gone = (pid: number) => {
  const stat = readProcStat(pid);
  return stat === null || stat.state === 'Z';
};

async function scriptPath(name: string): Promise<string> {
  return (await value<ScriptEntry[]>('scripts:list')).find((script) => script.name === name)!.path;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-fault-script-'));
  station = await start();
  await waitFor(async () => (await value<SmurfSlot[]>('smurf:slots')).find((slot) => slot.address === SLOT && slot.streamId === 'crate1slot5'), 20_000, 'the slot with its stream id');
}, 40_000);
afterAll(async () => {
  for (const pid of treePids) if (!gone(pid)) process.kill(pid, 'SIGKILL');
  await station?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGKILL of a running smurf script', () => {
  let killed: ScriptRunRecord;
  let linesBeforeKill: ScriptOutputLine[];

  it('fails the run at once naming the signal, keeps every line printed before the kill, shows it everywhere and leaves no child behind', async () => {
    const spawner = await scriptPath('demo_spawner.py');
    const started = await value<OpReplyView>('op:start', { address: SLOT, op: 'run', params: { script: spawner, args: ['--tick', '0.1'] } });
    expect(started.status, started.message).toBe(0);
    const runId = await waitFor(() => pushes.of<ScriptRunRecord>('scripts:runs').find((run) => run.controller === SLOT && run.endedAt === null)?.id, 10_000, 'the run pushed as running');
    const output = () => pushes.of<ScriptOutputLine>('scripts:output').filter((line) => line.runId === runId);
    const ticks = () => output().filter((line) => /^tick \d+$/.test(line.text)).length;
    // The spawner, its two children and the setsid grandchild print their pids; then the spawner ticks on.
    await waitFor(() => output().filter((line) => /^spawned \d+$/.test(line.text)).length >= 3 && ticks() >= 5, 20_000, 'three spawned lines and five ticks').catch((error: Error) => {
      throw new Error(`${error.message}; output so far: ${JSON.stringify(output().map((line) => line.text))}`);
    });
    const running = await waitFor(async () => (await value<SmurfSlot[]>('smurf:slots')).find((slot) => slot.address === SLOT && slot.currentOp?.name === 'run'), 5000, 'run as the slot’s current op');
    expect(running.currentOp).not.toBeNull();

    const pidOf = (pattern: RegExp) => output().filter((line) => pattern.test(line.text)).map((line) => Number(line.text.split(' ')[1]));
    const [scriptPid] = pidOf(/^spawner \d+$/);
    treePids = pidOf(/^spawned \d+$/);
    // The pid the script printed is the one the controller started (its session names it) and runs demo_spawner.py.
    const session = await value<OpReplyView>('op:status', { address: SLOT, op: 'run' });
    expect(session.session?.messages.map(([, text]) => text)).toContain(`Running ${spawner} --tick 0.1 (pid ${scriptPid})`);
    expect(readFileSync(`/proc/${scriptPid}/cmdline`, 'utf8').split('\0')).toContain(spawner);
    for (const pid of treePids) expect(gone(pid), `child ${pid} runs before the kill`).toBe(false);

    linesBeforeKill = await value<ScriptOutputLine[]>('scripts:output', { runId, limit: 10_000 });
    const killedAt = Date.now();
    process.kill(scriptPid, 'SIGKILL');
    const done = await value<OpReplyView>('op:wait', { address: SLOT, op: 'run', timeout: 20 });
    const endedAfterMs = Date.now() - killedAt;

    // The op: failed, with the signal in its messages, and the children it left ended by the controller.
    expect(done.session?.success).toBe(false);
    const messages = done.session!.messages.map(([, text]) => text);
    expect(messages).toContain('Script was killed by SIGKILL');
    expect(messages.find((text) => text.startsWith('Ended '))).toMatch(/^Ended 3 process\(es\) the script left running: pid \d+, \d+, \d+$/);
    for (const pid of treePids) expect(gone(pid), `child ${pid} of the killed script is gone`).toBe(true);
    // Within a few seconds: the SIGINT to the leftovers (they honour it) plus the 1 s datagram linger.
    expect(endedAfterMs).toBeLessThan(8000);

    // The store: the run ended by SIGKILL with every line read before the kill, and the ticks without a gap.
    killed = await waitFor(async () => (await value<ScriptRunRecord[]>('scripts:history', { limit: 10 })).find((run) => run.id === runId && run.endedAt !== null), 5000, 'the ended run in the history');
    expect(killed).toMatchObject({ controller: SLOT, op: 'run', exitCode: null, signal: 'SIGKILL', success: false });
    const stored = await value<ScriptOutputLine[]>('scripts:output', { runId, limit: 10_000 });
    expect(stored.slice(0, linesBeforeKill.length)).toEqual(linesBeforeKill);
    expect(stored.map((line) => line.seq)).toEqual(stored.map((_line, i) => i));
    const tickNumbers = stored.filter((line) => /^tick \d+$/.test(line.text)).map((line) => Number(line.text.split(' ')[1]));
    expect(tickNumbers).toEqual(tickNumbers.map((_n, i) => i + 1));
    expect(killed.lines).toBe(stored.length);

    // The pushes: the ended run (the Scripts view) and the slot's last result (the Smurf view).
    await waitFor(() => pushes.of<ScriptRunRecord>('scripts:runs').find((run) => run.id === runId && run.signal === 'SIGKILL' && run.success === false), 5000, 'the killed run pushed');
    await waitFor(() => pushes.of<SmurfSlot>('smurf:slots').find((slot) => slot.address === SLOT && slot.currentOp === null && slot.lastResult?.message === 'Script was killed by SIGKILL'), 10_000, 'the slot pushed with the killed run as last result');
    const slot = (await value<SmurfSlot[]>('smurf:slots')).find((entry) => entry.address === SLOT)!;
    expect(slot.lastResult).toMatchObject({ op: 'run', success: false, message: 'Script was killed by SIGKILL' });

    // The alarm: run is a task, and it FAILED.
    const alarm = await waitFor(async () => (await value<AlarmList>('alarms:list')).active.find((entry) => entry.ruleId === 'task-failed' && entry.subject === `${SLOT} run`), 10_000, 'a task-failed alarm for the run');
    expect(alarm.title).toBe(`Task run of ${SLOT} FAILED`);
    console.info(`[faults] smurf script SIGKILL: op failed ${endedAfterMs} ms after the kill ("${messages.filter((t) => /killed|Ended/.test(t)).join('"; "')}"), ${stored.length} lines kept (${linesBeforeKill.length} read before the kill, ${tickNumbers.length} ticks), alarm "${alarm.title}"`);
  }, 60_000);

  it('the slot takes the next run normally', async () => {
    const hello = await scriptPath('hello_smurf.py');
    const started = await value<OpReplyView>('op:start', { address: SLOT, op: 'run', params: { script: hello, args: ['--duration', '0.3', '--interval', '0.1'] } });
    expect(started.status, started.message).toBe(0);
    const done = await value<OpReplyView>('op:wait', { address: SLOT, op: 'run', timeout: 20 });
    expect(done.session?.success, JSON.stringify(done.session?.messages)).toBe(true);
    expect(done.session?.messages.map(([, text]) => text)).toContain('Script has finished with exit code 0');
    const latest = (await value<ScriptRunRecord[]>('scripts:history', { limit: 1 }))[0];
    expect(latest).toMatchObject({ controller: SLOT, script: hello, exitCode: 0, success: true });
  }, 30_000);

  it('a restarted station shows the killed run with every line, and its log names the kill', async () => {
    await station.close();
    station = await start();
    const history = await value<ScriptRunRecord[]>('scripts:history', { limit: 50 });
    expect(history.find((run) => run.id === killed.id)).toEqual(killed);
    const lines = await value<ScriptOutputLine[]>('scripts:output', { runId: killed.id, limit: 10_000 });
    expect(lines).toHaveLength(killed.lines);
    expect(lines.slice(0, linesBeforeKill.length)).toEqual(linesBeforeKill);
    const log = readFileSync(join(dataDir, 'logs', 'station.log'), 'utf8');
    expect(log).toMatch(/Script was killed by SIGKILL/);
    expect(log).toMatch(/demo_spawner\.py: Ended 3 process\(es\) the script left running/);
  }, 40_000);
});
