/**
 * The station's testbed channels over createStation (headless, embedded router on a free port, temp data
 * dir): configs (list, validate with located errors, save), status, a real fast run under the real
 * supervisord with the real TypeScript agents on the embedded bus, the refusal texts, stop-agents, and a
 * station whose supervisord is missing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushChannel } from '../../../shared/ipc.js';
import type { TestbedConfigEntry, TestbedConfigValidation, TestbedMessageView, TestbedRunResult, TestbedStatusView } from '../../../shared/testbed.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { SupervisorBridge } from '../../../main/testbed/supervisor/index.js';
import { waitFor } from '../../helpers/net.js';
import { quickTestbedConfig } from '../../helpers/testbed.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'testbed');
/** Only the data agent: the runner and one agent keep the run quick on 2 cores. */
const CONFIG = quickTestbedConfig('e2etest');

let station: Station;
let dataDir: string;
const pushes: Array<{ channel: PushChannel; payload: unknown }> = [];

async function value<T>(channel: string, request?: unknown): Promise<T> {
  const envelope = await station.table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

async function failure(channel: string, request?: unknown, on: Station = station): Promise<{ code: string; message: string }> {
  const envelope = await on.table.invoke(channel, request);
  if (envelope.ok) throw new Error(`${channel} unexpectedly succeeded: ${JSON.stringify(envelope.value)}`);
  return envelope.error;
}

const pushed = (channel: PushChannel) => pushes.filter((push) => push.channel === channel).flatMap((push) => (Array.isArray(push.payload) ? push.payload : [push.payload]));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'station-testbed-'));
  station = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir });
  station.table.onPush((channel, payload) => pushes.push({ channel, payload }));
});
afterAll(async () => {
  await station?.close();
  // close() shuts the station's supervisord down; make sure no daemon is left whatever happened.
  await new SupervisorBridge({ dataDir }).shutdown(10_000);
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('testbed configs over the station', () => {
  it('lists the shipped testbed configs', async () => {
    const configs = await value<TestbedConfigEntry[]>('testbed:config:list');
    expect(configs.map((entry) => `${entry.source}:${entry.name}`)).toEqual(['builtin:fast_processing_default', 'builtin:testbed']);
  });

  it.each([
    ['agent-typo-key.toml', /enable/],
    ['namespace-with-slash.toml', /namespace/],
    ['stf-interval-negative.toml', /stf_interval/],
    ['top-level-key.toml', /./],
  ])('validates %s with a located error', async (fixture, pattern) => {
    const result = await value<TestbedConfigValidation>('testbed:config:validate', { text: readFileSync(join(FIXTURES, fixture), 'utf8') });
    expect(result.ok).toBe(false);
    expect(result.errors[0].message).toMatch(pattern);
    expect(result.errors[0].line).toBeGreaterThan(0);
  });

  it('refuses to save an invalid config and saves a valid one under the data dir', async () => {
    expect(await failure('testbed:config:save', { name: 'mine', text: '[testbed]\nnamespace = ""\n' })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('namespace not set') });
    const entry = await value<TestbedConfigEntry>('testbed:config:save', { name: 'mine', text: CONFIG });
    expect(entry).toEqual({ name: 'mine', file: join(dataDir, 'testbed', 'configs', 'mine.toml'), source: 'user', editable: true });
    expect((await value<TestbedConfigEntry[]>('testbed:config:list'))[0].name).toBe('mine');
  });
});

describe('a testbed run on the embedded bus', () => {
  it('reports supervisord installed and nothing running before the first run', async () => {
    const status = await value<TestbedStatusView>('testbed:status', { watch: true });
    expect(status.supervisor).toEqual({ installed: true, running: false, message: null, installHint: null });
    expect(status.programs).toEqual([]);
    expect(status.bus).toEqual({ description: `embedded router ${station.router!.wsUrl} realm test_realm`, state: 'connected' });
  });

  it('runs a fast 3-STF workflow: runner and data agent under supervisord, every message recorded and pushed', async () => {
    const result = await value<TestbedRunResult>('testbed:run', { config: { name: 'mine' }, params: { stf_count: 3, physics_period_count: 1, realtime: false } });
    expect(result.namespace).toBe('e2etest');
    expect(result.executionId).toMatch(/^stf_datataking-.+-0001$/);
    expect(result.started).toEqual(['workflow-runner', 'example-data-agent']);
    const own = (messages: TestbedMessageView[]) => messages.filter((message) => message.executionId === result.executionId);
    const recorded = await waitFor(
      async () => {
        const messages = own(await value<TestbedMessageView[]>('testbed:messages', { namespace: 'e2etest' }));
        return messages.some((m) => m.msgType === 'end_run') && messages.filter((m) => m.msgType === 'stf_ready').length === 3 ? messages : null;
      },
      30_000,
      'end_run and 3 stf_ready',
    );
    const lifecycle = recorded.filter((m) => m.msgType !== 'stf_ready').map((m) => m.msgType);
    expect(lifecycle).toEqual(['run_imminent', 'start_run', 'stf_gen', 'stf_gen', 'stf_gen', 'end_run']);
    expect(recorded.find((m) => m.msgType === 'end_run')?.body.total_stf_files).toBe(3);
    // The pushes carry the same records, in order, each once.
    const pushedIds = own(pushed('testbed:messages') as TestbedMessageView[]).map((m) => m.id);
    expect(pushedIds).toEqual(recorded.map((m) => m.id));
    const executions = await waitFor(async () => {
      const list = await value<Array<{ executionId: string; status: string }>>('testbed:executions', { namespace: 'e2etest' });
      return list[0]?.status === 'completed' ? list : null;
    }, 15_000, 'the execution to complete');
    expect(executions[0].executionId).toBe(result.executionId);
  }, 60_000);

  it('shows the programs RUNNING with pids and pushes the status while watched', async () => {
    const status = await value<TestbedStatusView>('testbed:status', { watch: true });
    expect(status.supervisor.running).toBe(true);
    expect(status.programs.map((p) => [p.name, p.state])).toEqual([
      ['example-data-agent', 'RUNNING'],
      ['workflow-runner', 'RUNNING'],
    ]);
    expect(status.programs.every((p) => p.pid !== null && p.exitStatus === null)).toBe(true);
    expect(status.agents.some((agent) => agent.namespace === 'e2etest' && agent.status === 'OK')).toBe(true);
    await waitFor(() => pushed('testbed:status').length > 0, 5_000, 'a testbed:status push');
  });

  it('shows a killed agent restarted by supervisord with a new pid', async () => {
    const before = (await value<TestbedStatusView>('testbed:status')).programs.find((p) => p.name === 'example-data-agent');
    expect(before?.pid).toBeGreaterThan(0);
    process.kill(before!.pid!, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const program = (await value<TestbedStatusView>('testbed:status')).programs.find((p) => p.name === 'example-data-agent');
        return program?.state === 'RUNNING' && program.pid !== before!.pid ? program : null;
      },
      15_000,
      'the data agent to be restarted',
    );
    expect(after.pid).not.toBe(before!.pid);
  }, 30_000);

  it('takes the next run after the previous workflow ended (the runner does not block it)', async () => {
    const second = await value<TestbedRunResult>('testbed:run', { config: { name: 'mine', source: 'user' }, params: { stf_count: 1, realtime: false } });
    expect(second.executionId).toMatch(/-0002$/);
    await waitFor(async () => (await value<TestbedMessageView[]>('testbed:messages', { executionId: second.executionId, msgType: 'end_run' })).length === 1, 20_000, 'the second end_run');
  }, 40_000);

  it('refuses a run while a workflow of the namespace runs, with the upstream text', async () => {
    const endless = await value<TestbedRunResult>('testbed:run', { config: { name: 'mine' }, params: { stf_count: 1, physics_period_count: 0, stf_interval: 1, realtime: true } });
    const refusal = await failure('testbed:run', { config: { name: 'mine' } });
    expect(refusal.code).toBe('agent_error');
    expect(refusal.message).toMatch(/^Cannot start - agents already running: \['.+'\]/);
    await value('testbed:stop-workflow', { executionId: endless.executionId });
    await waitFor(async () => {
      const list = await value<Array<{ executionId: string; status: string }>>('testbed:executions', { namespace: 'e2etest', limit: 1 });
      return list[0]?.executionId === endless.executionId && list[0].status === 'terminated';
    }, 20_000, 'the endless execution to be terminated');
  }, 40_000);

  it('restarts one program and stops all of them', async () => {
    const restarted = await value<TestbedStatusView>('testbed:agent', { action: 'restart', name: 'example-data-agent' });
    expect(restarted.programs.find((p) => p.name === 'example-data-agent')?.state).toBe('RUNNING');
    expect(await failure('testbed:agent', { action: 'stop', name: 'no-such-program' })).toMatchObject({ code: 'agent_error' });
    const { stopped } = await value<{ stopped: string[] }>('testbed:stop-agents');
    expect(stopped.sort()).toEqual(['example-data-agent', 'workflow-runner']);
    const status = await value<TestbedStatusView>('testbed:status');
    expect(status.programs.every((p) => p.state === 'STOPPED')).toBe(true);
  }, 30_000);
});

describe('a station without supervisord', () => {
  it('says so with the install hint and refuses to run, while the rest keeps working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-nosv-'));
    const bare = await createStation({ mode: 'headless', wampPort: 0, demo: false, smurf: false, dataDir: dir, supervisordPath: join(dir, 'no-supervisord') });
    try {
      const status = (await bare.table.invoke('testbed:status', undefined)) as { ok: true; value: TestbedStatusView };
      expect(status.value.supervisor).toMatchObject({ installed: false, running: false, installHint: expect.stringContaining('apt-get install supervisor') });
      const refusal = await failure('testbed:run', undefined, bare);
      expect(refusal).toMatchObject({ code: 'agent_error', message: expect.stringContaining('supervisord is not installed') });
      expect((await bare.table.invoke('testbed:config:list', undefined)).ok).toBe(true);
      expect((await bare.table.invoke('app:info', undefined)).ok).toBe(true);
    } finally {
      await bare.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
