/**
 * Fault: SIGKILL of the station's supervisord while its testbed agents run (in-process headless station,
 * real supervisord, real agents on the embedded bus). SIGKILL leaves supervisord's programs running,
 * unsupervised. The station must show supervisord down (testbed:status, pushed unwatched) within a few
 * seconds, replace it by itself, stop the orphaned agents and start each program once under the new
 * daemon, keep every record written before the kill, and run the next workflow.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestbedMessageView, TestbedRunResult, TestbedStatusView } from '../../../shared/testbed.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { SupervisorBridge, supervisorPaths } from '../../../main/testbed/supervisor/index.js';
import { waitFor } from '../../helpers/net.js';
import { recordPushes, tableValue } from '../../helpers/station-table.js';
import { duplicatedKeys, processesWithArgs, processRunning, quickTestbedConfig } from '../../helpers/testbed.js';

const NAMESPACE = 'svkill';
/** `station agent <command>` of each program the config runs. */
const AGENT_COMMANDS = { 'workflow-runner': 'testbed-workflow-runner', 'example-data-agent': 'testbed-data' };

let station: Station;
let dataDir: string;
let pushes: ReturnType<typeof recordPushes>;
const value = <T>(channel: string, request?: unknown) => tableValue<T>(station.table, channel, request);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-fault-svkill-'));
  station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir });
  pushes = recordPushes(station.table);
  await value('testbed:config:save', { name: 'quick', text: quickTestbedConfig(NAMESPACE) });
});
afterAll(async () => {
  await station?.close();
  await new SupervisorBridge({ dataDir }).shutdown(10_000);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** Runs a 2-STF workflow to its end_run; returns its recorded messages. */
async function runToEnd(): Promise<TestbedMessageView[]> {
  const result = await value<TestbedRunResult>('testbed:run', { config: { name: 'quick' }, params: { stf_count: 2, physics_period_count: 1, realtime: false } });
  return waitFor(async () => {
    const messages = await value<TestbedMessageView[]>('testbed:messages', { executionId: result.executionId });
    return messages.some((m) => m.msgType === 'end_run') && messages.filter((m) => m.msgType === 'stf_ready').length === 2 ? messages : null;
  }, 30_000, `end_run and 2 stf_ready of ${result.executionId}`);
}

/** pids of the running agent processes of each program, found by their command lines. */
function agentProcesses(): Record<string, number[]> {
  return Object.fromEntries(Object.entries(AGENT_COMMANDS).map(([program, command]) => [program, processesWithArgs(command, '--data-dir', dataDir)]));
}

describe('SIGKILL of the station supervisord', () => {
  it('is shown down, replaced with its agents once each (no orphan left), every record kept', async () => {
    await runToEnd();
    const before = await value<TestbedStatusView>('testbed:status');
    expect(before.programs.map((p) => [p.name, p.state])).toEqual([['example-data-agent', 'RUNNING'], ['workflow-runner', 'RUNNING']]);
    const oldAgents = before.programs.map((p) => p.pid!);
    expect(Object.values(agentProcesses()).map((pids) => pids.length)).toEqual([1, 1]);
    const recorded = await value<TestbedMessageView[]>('testbed:messages', { namespace: NAMESPACE, limit: 10_000 });
    const supervisord = Number(readFileSync(supervisorPaths(dataDir).pidFile, 'utf8'));

    process.kill(supervisord, 'SIGKILL');
    const killedAt = Date.now();
    // Pushed without a watch: the station noticed by itself.
    const down = await waitFor(
      () => pushes.of<TestbedStatusView>('testbed:status').find((s) => s.at > killedAt && !s.supervisor.running && s.supervisor.message !== null),
      10_000,
      'a testbed:status push with supervisord down',
    ).catch((e: Error) => { throw new Error(`${e.message}: ${JSON.stringify(pushes.of<TestbedStatusView>('testbed:status').filter((s) => s.at > killedAt).map((s) => [s.at - killedAt, s.supervisor, s.programs.map((p) => p.state)]))}`); });
    const detectedMs = down.at - killedAt;
    expect(down.supervisor.message).toMatch(new RegExp(`^supervisord \\(pid ${supervisord}\\) died at .+ \\(killed or crashed\\)`));

    const after = await waitFor(async () => {
      const status = await value<TestbedStatusView>('testbed:status');
      return status.supervisor.running && status.programs.length === 2 && status.programs.every((p) => p.state === 'RUNNING') ? status : null;
    }, 30_000, 'supervisord replaced and both programs RUNNING');
    const recoveredMs = Date.now() - killedAt;
    expect(after.supervisor.message).toMatch(/; replaced by pid \d+ at .+, programs started again: example-data-agent, workflow-runner$/);
    const newSupervisord = Number(readFileSync(supervisorPaths(dataDir).pidFile, 'utf8'));
    expect(newSupervisord).not.toBe(supervisord);

    // No process from before the kill survives, and exactly one instance of each agent runs.
    expect([supervisord, ...oldAgents].filter(processRunning), 'processes from before the kill still running').toEqual([]);
    const agents = agentProcesses();
    expect(Object.values(agents).map((pids) => pids.length), JSON.stringify(agents)).toEqual([1, 1]);
    expect(after.programs.map((p) => p.pid).sort()).toEqual(Object.values(agents).flat().sort());

    // Every message recorded before the kill is still there, once; the agents work: the next run completes.
    const again = await runToEnd();
    const all = await value<TestbedMessageView[]>('testbed:messages', { namespace: NAMESPACE, limit: 10_000 });
    const ids = new Set(all.map((m) => m.id));
    expect(recorded.filter((m) => !ids.has(m.id))).toEqual([]);
    expect(duplicatedKeys(all)).toEqual([]);
    expect(again.filter((m) => m.msgType !== 'stf_ready').map((m) => m.msgType)).toEqual(['run_imminent', 'start_run', 'stf_gen', 'stf_gen', 'end_run']);
    // The watchdog polls every second and replaces at once (orphans get 5 s to stop): bounds with margin for a loaded CI.
    expect(detectedMs).toBeLessThanOrEqual(5_000);
    expect(recoveredMs).toBeLessThanOrEqual(20_000);
    console.info(`[faults] supervisord SIGKILL: shown down after ${detectedMs} ms, replaced with both agents RUNNING after ${recoveredMs} ms; ${recorded.length} messages recorded before the kill all kept`);
  }, 120_000);
});
