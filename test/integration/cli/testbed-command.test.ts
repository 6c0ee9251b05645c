/**
 * `station testbed …` as a user runs it: CLI processes, real supervisord, real ActiveMQ, the real agents
 * (`station agent testbed-*`, `station agent fastmon`) and a MessageRecorder in this process recording into the same store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideSampling, DEFAULT_FASTMON_SEED, resolveSamplingParams, simulateTfSubsamples } from '../../../main/fastmon/index.js';
import { openStationStore, type StationStore } from '../../../main/store/index.js';
import { createTestbedBus, type TestbedBus } from '../../../main/testbed/bus/index.js';
import { MessageRecorder } from '../../../main/testbed/orchestrator/index.js';
import { SupervisorBridge } from '../../../main/testbed/supervisor/index.js';
import { startActiveMq, type ActiveMq } from '../../helpers/activemq.js';
import { waitFor } from '../../helpers/net.js';
import { runStation } from '../../helpers/station.js';

// Short DAQ delays: a realtime workflow then takes about a second per period.
const SHORT = ['no_beam_not_ready_delay=0.1', 'beam_not_ready_delay=0.1', 'beam_ready_delay=0.1', 'beam_not_ready_end_delay=0.1', 'broadcast_delay=0.1', 'stf_interval=0.2', 'standby_duration=0.1'];
const params = (...extra: string[]) => [...SHORT, ...extra].flatMap((p) => ['--param', p]);
/** What the runner itself publishes on the topic (the agents add stf_ready, tf_file_registered, fastmon_status). */
const RUNNER_TYPES = new Set(['run_imminent', 'start_run', 'stf_gen', 'pause_run', 'resume_run', 'end_run']);
/** The shipped testbed.toml's programs, sorted. */
const RUNNING_AGENTS = ['example-data-agent', 'example-fastmon-agent', 'fast-processing-agent', 'workflow-runner'];

/** [tf, stf, first, last, count] of every TF the fastmon agent's default seed yields for `stfs` (in arrival order). */
function predictedTfs(stfs: readonly string[], selectionFraction: number): [string, string, number, number, number][] {
  const params = resolveSamplingParams({ seed: DEFAULT_FASTMON_SEED, selectionFraction });
  let runHasSample = false;
  return stfs.flatMap((stf) => {
    if (!decideSampling(params, stf, { runHasSample }).sample) return [];
    runHasSample = true;
    return simulateTfSubsamples(params, { filename: stf }).map((tf) => [tf.tfFilename, stf, tf.tfFirst, tf.tfLast, tf.tfCount] as [string, string, number, number, number]);
  });
}

describe('station testbed (real supervisord, real ActiveMQ)', () => {
  let broker: ActiveMq;
  let dataDir: string;
  let store: StationStore;
  let bus: TestbedBus;
  let recorder: MessageRecorder;
  let busFlags: string[];

  const station = (...args: string[]) => runStation(['testbed', ...args, '--data-dir', dataDir, ...busFlags]);
  const status = async () => JSON.parse((await station('status', '--json')).out) as { programs: { name: string; state: string; pid: number | null }[] };

  beforeAll(async () => {
    broker = await startActiveMq();
    dataDir = mkdtempSync(join(tmpdir(), 'testbed-cli-'));
    busFlags = ['--bus', 'stomp', '--stomp-host', broker.host, '--stomp-port', String(broker.port)];
    store = openStationStore(dataDir);
    bus = createTestbedBus({ kind: 'stomp', host: broker.host, port: broker.port, clientId: 'test-recorder' });
    recorder = new MessageRecorder({ bus, store });
    await recorder.start();
  }, 60_000);

  afterAll(async () => {
    await recorder?.stop();
    await bus?.close();
    await new SupervisorBridge({ dataDir }).shutdown(15_000);
    store?.close();
    await broker?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('stop-agents without supervisord says so with exit code 4', async () => {
    expect(await station('stop-agents')).toEqual({ code: 4, out: 'No agents running (supervisord not active)' });
  });

  it('a bad config starts nothing', async () => {
    const { code, out } = await station('run', 'no-such-config');
    expect(code).toBe(1);
    expect(out).toMatch(/^Error: Config not found: no-such-config \(tried /);
    expect(await new SupervisorBridge({ dataDir }).isRunning()).toBe(false);
    // Refused or not, a user's action from the CLI is in the station's audit log.
    const [entry] = store.audit.list({ action: 'testbed:run' });
    expect(entry).toMatchObject({ client: 'cli', target: 'no-such-config', ok: false, errorCode: 'TestbedConfigError' });
    expect(entry.message).toMatch(/^Config not found: no-such-config/);
  });

  it('run starts the runner and enabled agents; a 10-STF run yields the exact message sequence and, for the fixed seed, the exact TF records', async () => {
    // stf_sampling_rate (a [fast_processing] key) becomes fastmon's selection fraction; the seed is the default.
    const { code, out } = await station('run', ...params('stf_count=10', 'realtime=false', 'stf_sampling_rate=0.3'));
    expect(out).not.toContain('Not started');
    expect(code, out).toBe(0);
    const id = /triggered \(execution (\S+)\)/.exec(out)![1];
    expect(out).toContain(`Workflow 'stf_datataking' triggered (execution ${id}). Use 'station testbed status' to monitor.`);
    await waitFor(() => store.testbed.getExecution(id)?.status === 'completed', 20_000, 'execution completed');
    await waitFor(() => store.testbed.listMessages({ executionId: id, msgType: 'end_run', destination: '/topic/epictopic' }).length === 1 && store.testbed.listMessages({ msgType: 'stf_ready' }).length === 10, 10_000, 'end_run and 10 stf_ready recorded').catch((e: Error) => {
      throw new Error(`${e.message}; recorded: ${store.testbed.listMessages({}).map((m) => `${m.msgType}/${m.executionId}`).join(' ')}`);
    });
    const epic = store.testbed.listMessages({ destination: '/topic/epictopic' });
    const runner = epic.filter((m) => RUNNER_TYPES.has(m.msgType)).map((m) => m.msgType);
    expect(runner).toEqual(['run_imminent', 'start_run', ...Array(10).fill('stf_gen'), 'end_run']);
    expect(epic.filter((m) => m.msgType === 'stf_gen').map((m) => m.body.filename)).toEqual(Array.from({ length: 10 }, (_, i) => `swf.${epic[0].runId}.${String(i + 1).padStart(6, '0')}.stf`));
    expect(new Set(epic.filter((m) => m.msgType === 'stf_ready').map((m) => m.body.filename)).size).toBe(10);
    expect(epic.find((m) => m.msgType === 'end_run')!.body.total_stf_files).toBe(10);
    expect(epic.every((m) => m.namespace === 'torre1')).toBe(true);
    const programs = (await status()).programs;
    expect(programs.filter((p) => p.state === 'RUNNING').map((p) => p.name).sort()).toEqual(RUNNING_AGENTS);

    // Fastmon: the TF rows are exactly the ones the seeded core predicts for these STFs, in arrival order.
    const runNumber = Number(epic[0].runId);
    const stfNames = epic.filter((m) => m.msgType === 'stf_gen').map((m) => String(m.body.filename));
    const expected = predictedTfs(stfNames, 0.3);
    expect(expected.length).toBeGreaterThan(7);
    expect(expected.length).toBeLessThan(70);
    await waitFor(() => store.testbed.listMessages({ msgType: 'fastmon_status', runId: String(runNumber) }).length === 1, 15_000, 'fastmon_status of the run');
    const rows = store.testbed.listTfFiles({ runNumber });
    expect(rows.map((r) => [r.tfFilename, r.stfFilename, r.tfFirst, r.tfLast, r.tfCount])).toEqual(expected);
    expect(new Set(store.testbed.listMessages({ msgType: 'tf_file_registered', runId: String(runNumber) }).map((m) => m.body.tf_filename))).toEqual(new Set(expected.map((e) => e[0])));
    expect(rows.every((r) => r.executionId === id)).toBe(true);
  }, 50_000);

  it('a second run during a workflow refuses with the upstream text; after stop-workflow a new run is accepted', async () => {
    const first = await station('run', ...params('stf_count=2', 'physics_period_count=0'));
    expect(first.code, first.out).toBe(0);
    const id = /execution (\S+)\)/.exec(first.out)![1];
    await waitFor(() => store.testbed.listMessages({ executionId: id, msgType: 'stf_gen' }).length > 0, 15_000, 'the endless workflow generating');
    const second = await station('run', ...params('realtime=false'));
    expect(second.code).toBe(1);
    expect(second.out).toMatch(/^Error: Cannot start - agents already running: \['example-data-agent', 'example-fastmon-agent', 'fast-processing-agent', 'workflow-runner'\]\nRun 'testbed stop-agents' first to stop existing agents\.$/);
    expect((await station('stop-workflow', id)).code).toBe(0);
    await waitFor(() => store.testbed.getExecution(id)?.status === 'terminated', 15_000, 'execution terminated');
    await waitFor(() => store.testbed.listMessages({ executionId: id, msgType: 'end_run', destination: '/topic/epictopic' }).length === 1, 10_000, 'end_run of the stopped workflow');
    const third = await station('run', ...params('stf_count=1', 'realtime=false'));
    expect(third.code, third.out).toBe(0);
  }, 55_000);

  it('a killed agent is restarted by supervisord and status shows its new pid', async () => {
    const before = (await status()).programs.find((p) => p.name === 'example-data-agent')!;
    expect(before.state).toBe('RUNNING');
    process.kill(before.pid!, 'SIGKILL');
    const after = await waitFor(async () => {
      const p = (await status()).programs.find((q) => q.name === 'example-data-agent')!;
      return p.state === 'RUNNING' && p.pid !== before.pid ? p : null;
    }, 20_000, 'data agent restarted');
    expect(after.pid).not.toBe(before.pid);
  }, 30_000);

  it('stop-agents stops them all', async () => {
    const { code, out } = await station('stop-agents');
    expect(code).toBe(0);
    expect(store.audit.list({ action: 'testbed:stop-agents' })[0]).toMatchObject({ client: 'cli', ok: true, result: { stopped: expect.arrayContaining(RUNNING_AGENTS) } });
    expect(out.split('\n').sort()).toEqual(RUNNING_AGENTS.map((name) => `${name}: stopped`));
    expect((await status()).programs.every((p) => p.state === 'STOPPED')).toBe(true);
  }, 30_000);
});
