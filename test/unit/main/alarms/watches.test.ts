import { describe, expect, it } from 'vitest';
import type { AgentRow } from '../../../../shared/ipc.js';
import type { TestbedStatusView } from '../../../../shared/testbed.js';
import type { AlarmCondition } from '../../../../main/alarms/engine.js';
import { FastmonWatch, WINDOW_MS } from '../../../../main/alarms/fastmon-watch.js';
import { exitedUnexpectedly, ProgramWatch } from '../../../../main/alarms/program-watch.js';
import { RegistryWatch, type OpKind } from '../../../../main/alarms/registry-watch.js';
import type { StoreChange } from '../../../../main/store/index.js';

const row = (address: string, opCodes: Record<string, number>, extra: Partial<AgentRow> = {}): AgentRow => ({
  address,
  agentClass: 'Demo',
  lastHeartbeat: 1,
  expired: false,
  timeExpired: null,
  opCodes,
  ...extra,
});
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const brief = (conditions: AlarmCondition[]) => conditions.map((c) => `${c.ruleId} ${c.subject} ${c.holds}`);

function registry(session: Record<string, unknown> | null = null) {
  const reported: AlarmCondition[] = [];
  const kinds = new Map<string, OpKind>([
    ['acq', 'process'],
    ['calibrate', 'task'],
    ['fanout', 'task'],
  ]);
  let asked = 0;
  const watch = new RegistryWatch({
    opKinds: async () => (asked++, kinds),
    session: async () => (session ? { data: session, message: 'done' } : null),
    report: (conditions) => reported.push(...conditions),
  });
  return { watch, reported, asked: () => asked };
}

describe('RegistryWatch', () => {
  it('reports expiry per agent', async () => {
    const { watch, reported } = registry();
    watch.onRows([row('a', {}, { expired: true, timeExpired: 5 })]);
    watch.onRows([row('a', {})]);
    await flush();
    expect(brief(reported)).toEqual(['agent-expired a true', 'agent-expired a false']);
  });

  it('reports a FAILED task and its clearing when it runs again, asking get_api once', async () => {
    const { watch, reported, asked } = registry();
    watch.onRows([row('a', { calibrate: 1 })]);
    watch.onRows([row('a', { calibrate: 6 })]);
    await flush();
    watch.onRows([row('a', { calibrate: 3 })]);
    await flush();
    expect(brief(reported.filter((c) => c.ruleId === 'task-failed'))).toEqual(['task-failed a calibrate true', 'task-failed a calibrate false']);
    expect(asked()).toBe(1);
  });

  it('reports a process that left RUNNING, but not while the agent is expired', async () => {
    const { watch, reported } = registry();
    watch.onRows([row('a', { acq: 3 })]);
    await flush();
    watch.onRows([row('a', { acq: 7 }, { expired: true })]);
    await flush();
    watch.onRows([row('a', { acq: 5 })]);
    await flush();
    watch.onRows([row('a', { acq: 3 })]);
    await flush();
    expect(brief(reported.filter((c) => c.ruleId === 'process-stopped'))).toEqual(['process-stopped a acq false', 'process-stopped a acq true', 'process-stopped a acq false']);
    expect(reported.some((c) => c.ruleId === 'task-failed')).toBe(false);
  });

  it('does not alarm on a process the user stopped from the station, but does on a later unexpected stop', async () => {
    const { watch, reported } = registry();
    watch.onRows([row('a', { acq: 3 })]);
    await flush();
    watch.expectStop('a', 'acq', Date.now());
    watch.onRows([row('a', { acq: 5 })]);
    await flush();
    watch.onRows([row('a', { acq: 3 })]);
    await flush();
    watch.onRows([row('a', { acq: 5 })]);
    await flush();
    expect(brief(reported.filter((c) => c.ruleId === 'process-stopped'))).toEqual(['process-stopped a acq false', 'process-stopped a acq false', 'process-stopped a acq false', 'process-stopped a acq true']);
  });

  it("reports a fan-out whose session.data names failed targets, cleared by the op's next run", async () => {
    const { watch, reported } = registry({ succeeded: ['s1'], failed: { s2: 'timeout' } });
    watch.onRows([row('m', { fanout: 3 }, { agentClass: 'MultiSmurfManager' })]);
    await flush();
    watch.onRows([row('m', { fanout: 5 }, { agentClass: 'MultiSmurfManager' })]);
    await flush();
    watch.onRows([row('m', { fanout: 3 }, { agentClass: 'MultiSmurfManager' })]);
    await flush();
    const fanout = reported.filter((c) => c.ruleId === 'fanout-partial');
    expect(brief(fanout)).toEqual(['fanout-partial m fanout false', 'fanout-partial m fanout true', 'fanout-partial m fanout false']);
    expect(fanout[1].detail).toContain('s2 (timeout)');
  });
});

describe('ProgramWatch', () => {
  const status = (programs: Array<{ name: string; state: string; exitStatus: number | null }>): TestbedStatusView => ({
    at: 1,
    supervisor: { installed: true, running: true, message: null, installHint: null },
    programs: programs.map((p) => ({ ...p, pid: null, uptimeS: null, description: '' })),
    agents: [],
    running: [],
    bus: { description: '', state: 'connected' },
    error: null,
  });

  it('counts EXITED ≠ 0, FATAL and BACKOFF as unexpected; STOPPED and EXITED 0 are not', () => {
    const view = (state: string, exitStatus: number | null) => ({ name: 'p', state, exitStatus, pid: null, uptimeS: null, description: '' });
    expect([view('EXITED', 1), view('FATAL', null), view('BACKOFF', null), view('EXITED', 0), view('STOPPED', null), view('RUNNING', null)].map(exitedUnexpectedly)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('reports each program and clears programs that disappear', () => {
    const reported: AlarmCondition[] = [];
    const watch = new ProgramWatch((conditions) => reported.push(...conditions));
    watch.onStatus(status([{ name: 'data', state: 'EXITED', exitStatus: 2 }]));
    watch.onStatus(status([]));
    expect(brief(reported)).toEqual(['program-exited data true', 'program-exited data false']);
  });

  it('reports supervisord down while the status says why (killed, being replaced), and cleared once it runs again', () => {
    const reported: AlarmCondition[] = [];
    const watch = new ProgramWatch((conditions) => reported.push(...conditions));
    const lost = 'supervisord (pid 12) died at 10:00:00 without shutting down (killed or crashed); replacing it';
    watch.onStatus({ ...status([]), supervisor: { installed: true, running: false, message: lost, installHint: null } });
    watch.onStatus({ ...status([]), supervisor: { installed: true, running: false, message: null, installHint: null } });
    watch.onStatus({ ...status([]), supervisor: { installed: true, running: true, message: `${lost}; replaced by pid 13`, installHint: null } });
    expect(brief(reported)).toEqual(['program-exited supervisord true', 'program-exited supervisord false']);
    expect(reported[0]).toMatchObject({ title: 'Testbed supervisord is down', detail: lost });
  });
});

describe('FastmonWatch', () => {
  const message = (msgType: string, runId = '7'): StoreChange =>
    ({ kind: 'testbed-message', message: { id: 1, messageId: null, receivedAt: 0, destination: '/topic/x', msgType, sender: null, namespace: 'ns', runId, executionId: null, body: {} } }) as StoreChange;

  it('judges a run only after a full window of TFs, and clears at end_run', () => {
    const clock = { now: 0 };
    const reported: AlarmCondition[] = [];
    const watch = new FastmonWatch(() => clock.now, () => 0.1, (conditions) => reported.push(...conditions));
    watch.onStoreChange(message('start_run'));
    watch.tick();
    watch.onStoreChange(message('tf_file_registered'));
    clock.now = WINDOW_MS - 1;
    watch.tick();
    expect(reported).toEqual([]);
    // One TF in the window: 1/30 s < 0.1/s.
    clock.now = WINDOW_MS;
    watch.onStoreChange(message('tf_file_registered'));
    watch.tick();
    for (let i = 0; i < 5; i++) watch.onStoreChange(message('tf_file_registered'));
    watch.tick();
    watch.onStoreChange(message('end_run'));
    expect(brief(reported)).toEqual(['fastmon-rate-low run 7 (ns) true', 'fastmon-rate-low run 7 (ns) false', 'fastmon-rate-low run 7 (ns) false']);
  });
});
