/**
 * The expiry of a real agent raises exactly one latched alarm that clears only after acknowledge: a
 * station (embedded router, Registry, demo site) with a 1.5 s agent timeout, and a `station agent`
 * process that is killed (-9, no goodbye) so its heartbeats stop, then comes back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmList, AlarmView } from '../../../shared/alarms.js';
import type { AgentRow } from '../../../shared/ipc.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor, type RunningProcess } from '../../helpers/net.js';
import { startStation } from '../../helpers/station.js';

const VICTIM = 'observatory.alarm-victim';
let station: Station;
let dataDir: string;
let agent: RunningProcess | null = null;
const pushed: AlarmView[] = [];

async function value<T>(channel: string, request?: unknown): Promise<T> {
  const envelope = await station.table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

/** Every alarm (active and history) about the victim's expiry. */
async function victimAlarms(): Promise<AlarmView[]> {
  const list = await value<AlarmList>('alarms:list', { historyLimit: 1000 });
  return [...list.active, ...list.history].filter((alarm) => alarm.ruleId === 'agent-expired' && alarm.subject === VICTIM);
}

async function victimRow(): Promise<AgentRow | undefined> {
  return (await value<AgentRow[]>('registry:snapshot')).find((row) => row.address === VICTIM);
}

function startVictim(): RunningProcess {
  return startStation(['agent', 'DemoShutter', '--instance-id', 'alarm-victim', '--url', station.router!.wsUrl]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-alarms-'));
  station = await createStation({ mode: 'headless', wampPort: 0, smurf: false, dataDir, agentTimeout: 1.5 });
  station.table.onPush((channel, payload) => {
    if (channel === 'alarms:changed') pushed.push(...(payload as AlarmView[]));
  });
});
afterAll(async () => {
  await agent?.stop('SIGKILL');
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('agent expiry alarm', () => {
  it('raises one latched alarm when the agent stops heartbeating, and keeps it until acknowledged', async () => {
    agent = startVictim();
    await waitFor(async () => (await victimRow())?.expired === false, 15_000, 'the victim heartbeating');
    expect(await victimAlarms()).toEqual([]);

    await agent.stop('SIGKILL');
    agent = null;
    const [raised] = await waitFor(async () => {
      const alarms = await victimAlarms();
      return alarms.length > 0 ? alarms : null;
    }, 8_000, 'the expiry alarm');
    expect(raised).toMatchObject({ latched: true, clearedAt: null, ackedAt: null, finishedAt: null, title: `Agent ${VICTIM} expired` });
    expect(raised.guidance).toMatch(/heartbeat/);

    // Several more expiry periods (rows keep being pushed): still exactly one alarm.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect((await victimAlarms()).map((alarm) => alarm.id)).toEqual([raised.id]);

    // The agent comes back: the condition clears, but the latched alarm stays active.
    agent = startVictim();
    await waitFor(async () => (await victimRow())?.expired === false, 15_000, 'the victim back');
    const cleared = await waitFor(async () => {
      const [alarm] = await victimAlarms();
      return alarm?.clearedAt !== null ? alarm : null;
    }, 5_000, 'the condition cleared');
    expect(cleared).toMatchObject({ id: raised.id, finishedAt: null, ackedAt: null });
    const list = await value<AlarmList>('alarms:list');
    expect(list.active.map((alarm) => alarm.id)).toContain(raised.id);

    // Acknowledge: it finishes and moves to the history, with who and when.
    const acked = await value<AlarmView>('alarms:ack', { id: raised.id });
    expect(acked).toMatchObject({ id: raised.id, ackedBy: expect.stringContaining('(headless)') });
    expect(acked.finishedAt).not.toBeNull();
    const after = await value<AlarmList>('alarms:list');
    expect(after.active.map((alarm) => alarm.id)).not.toContain(raised.id);
    expect(after.history.filter((alarm) => alarm.subject === VICTIM).map((alarm) => alarm.id)).toEqual([raised.id]);
    expect(await victimAlarms()).toHaveLength(1);

    // The pushes told the same story: raised, cleared, finished; never a second alarm.
    const forVictim = pushed.filter((alarm) => alarm.subject === VICTIM && alarm.ruleId === 'agent-expired');
    expect(new Set(forVictim.map((alarm) => alarm.id))).toEqual(new Set([raised.id]));
    expect(forVictim.at(-1)?.finishedAt).not.toBeNull();
  }, 60_000);
});
