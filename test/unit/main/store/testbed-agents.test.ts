import { afterEach, describe, expect, it } from 'vitest';
import { ALIVE_WITHIN_MS, HEALTHY_WITHIN_MS, openStationStore, STALE_AFTER_MS, type Heartbeat, type StoreChange } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const T0 = 1_780_000_000_000;
const beat = (instanceName: string, extra: Partial<Heartbeat> = {}): Heartbeat => ({
  instanceName, agentType: 'DATA', status: 'OK', operationalState: 'READY', namespace: 'torre1', pid: 4242, hostname: 'host1',
  description: 'data agent. MQ: connected', mqConnected: true, at: T0, ...extra,
});

function open() {
  const store = openStationStore(dirs.make(), { clock: () => T0 });
  const events: StoreChange[] = [];
  store.onChange((event) => events.push(event));
  return { store, tb: store.testbed, events };
}

describe('testbed agent heartbeats', () => {
  it('upserts by instance name, keeps first-seen, and announces each heartbeat', () => {
    const { store, tb, events } = open();
    tb.recordHeartbeat(beat('data-agent-alice-1', { at: T0 - 1000 }));
    const second = tb.recordHeartbeat(beat('data-agent-alice-1', { status: 'WARNING', mqConnected: false, description: 'MQ: disconnected', pid: null, hostname: null }));
    expect(second).toMatchObject({
      instanceName: 'data-agent-alice-1', status: 'WARNING', reportedStatus: 'WARNING', mqConnected: false, description: 'MQ: disconnected',
      pid: 4242, hostname: 'host1', firstSeen: T0 - 1000, lastHeartbeat: T0, ageMs: 0, alive: true, healthy: true, stale: false,
    });
    expect(events.map((e) => e.kind)).toEqual(['testbed-agent', 'testbed-agent']);
    expect(tb.listAgents()).toHaveLength(1);
    store.close();
  });

  it('applies the liveness windows at their edges: alive ≤ 2 min, stale (EXITED) > 3 min, healthy ≤ 5 min', () => {
    const { store, tb } = open();
    tb.recordHeartbeat(beat('a'));
    const at = (age: number) => tb.getAgent('a', T0 + age)!;
    expect(at(ALIVE_WITHIN_MS)).toMatchObject({ alive: true, stale: false, status: 'OK', healthy: true });
    expect(at(ALIVE_WITHIN_MS + 1)).toMatchObject({ alive: false, stale: false, status: 'OK', healthy: true });
    expect(at(STALE_AFTER_MS)).toMatchObject({ stale: false, status: 'OK', operationalState: 'READY' });
    expect(at(STALE_AFTER_MS + 1)).toMatchObject({ stale: true, status: 'EXITED', operationalState: 'EXITED', reportedStatus: 'OK', reportedOperationalState: 'READY', healthy: true });
    expect(at(HEALTHY_WITHIN_MS)).toMatchObject({ healthy: true });
    expect(at(HEALTHY_WITHIN_MS + 1)).toMatchObject({ healthy: false, alive: false, ageMs: HEALTHY_WITHIN_MS + 1 });
    // A heartbeat stamped ahead of the reader's clock (another process) counts as fresh.
    expect(at(-5000)).toMatchObject({ ageMs: 0, alive: true });
    store.close();
  });

  it('an agent that reported EXITED is neither alive nor healthy and is listed only with includeExited', () => {
    const { store, tb } = open();
    tb.recordHeartbeat(beat('gone', { status: 'EXITED', operationalState: 'EXITED' }));
    tb.recordHeartbeat(beat('stale', { at: T0 - STALE_AFTER_MS - 1 }));
    tb.recordHeartbeat(beat('fresh'));
    expect(tb.getAgent('gone')).toMatchObject({ alive: false, healthy: false, status: 'EXITED' });
    expect(tb.listAgents().map((a) => a.instanceName)).toEqual(['fresh']);
    expect(tb.listAgents({ includeExited: true }).map((a) => a.instanceName)).toEqual(['fresh', 'gone', 'stale']);
    // `now` is injectable: earlier, the stale one was still running.
    expect(tb.listAgents({ now: T0 - 60_000 }).map((a) => a.instanceName)).toEqual(['fresh', 'stale']);
    store.close();
  });

  it('a late heartbeat brings a stale agent back', () => {
    const { store, tb } = open();
    tb.recordHeartbeat(beat('a', { at: T0 - STALE_AFTER_MS - 10 }));
    expect(tb.getAgent('a')?.status).toBe('EXITED');
    tb.recordHeartbeat(beat('a'));
    expect(tb.getAgent('a')).toMatchObject({ status: 'OK', alive: true });
    store.close();
  });

  it('filters by namespace and agent type, sorted by namespace, type, name', () => {
    const { store, tb } = open();
    tb.recordHeartbeat(beat('w-2', { agentType: 'DAQ_Simulator', namespace: 'torre2' }));
    tb.recordHeartbeat(beat('d-1'));
    tb.recordHeartbeat(beat('w-1', { agentType: 'DAQ_Simulator' }));
    tb.recordHeartbeat(beat('m-1', { agentType: 'agent_manager', namespace: null }));
    expect(tb.listAgents().map((a) => a.instanceName)).toEqual(['m-1', 'w-1', 'd-1', 'w-2']); // DAQ_Simulator sorts before DATA
    expect(tb.listAgents({ namespace: 'torre1' }).map((a) => a.instanceName)).toEqual(['w-1', 'd-1']);
    expect(tb.listAgents({ agentType: 'DAQ_Simulator' }).map((a) => a.instanceName)).toEqual(['w-1', 'w-2']);
    store.close();
  });

  it('refuses bad heartbeats naming the field', () => {
    const { store, tb } = open();
    expect(() => tb.recordHeartbeat(beat('a', { status: 'FINE' as 'OK' }))).toThrow('testbed heartbeat: "status" must be one of OK, WARNING, ERROR, EXITED');
    expect(() => tb.recordHeartbeat(beat('a', { operationalState: 'IDLE' as 'READY' }))).toThrow('"operationalState" must be one of STARTING, READY, PROCESSING, EXITED');
    expect(() => tb.recordHeartbeat(beat('', {}))).toThrow('"instanceName" must be a non-empty string');
    expect(() => tb.recordHeartbeat(beat('a', { at: T0 / 1000 }))).toThrow('looks like Unix seconds');
    expect(tb.listAgents({ includeExited: true })).toEqual([]);
    store.close();
  });
});

describe('testbed logs', () => {
  it('appends and lists with instance, level, minimum level, execution, run and search filters', () => {
    const { store, tb } = open();
    tb.appendLog({ instanceName: 'data-agent-alice-1', level: 'DEBUG', message: 'connected', at: T0 });
    tb.appendLog({ instanceName: 'data-agent-alice-1', level: 'INFO', message: 'STF 100% done_ok', executionId: 'e-1', runId: 100010, at: T0 + 1 });
    tb.appendLog({ instanceName: 'runner', level: 'ERROR', message: 'Run FAILED', executionId: 'e-1', runId: '100010', at: T0 + 2 });
    tb.appendLog({ instanceName: 'runner', level: 'WARNING', message: 'slow', at: T0 + 3 });
    const ids = (q: Parameters<typeof tb.listLogs>[0]) => tb.listLogs(q).map((l) => l.id);
    expect(tb.listLogs({ instanceName: 'runner' })[0]).toEqual({ id: 3, instanceName: 'runner', level: 'ERROR', message: 'Run FAILED', executionId: 'e-1', runId: '100010', at: T0 + 2 });
    expect(ids({ level: 'INFO' })).toEqual([2]);
    expect(ids({ minLevel: 'WARNING' })).toEqual([3, 4]);
    expect(ids({ executionId: 'e-1', runId: 100010 })).toEqual([2, 3]);
    expect(ids({ search: '100%' })).toEqual([2]);
    expect(ids({ search: 'failed' })).toEqual([3]);
    expect(ids({ search: '_ok' })).toEqual([2]);
    expect(ids({ afterId: 2 })).toEqual([3, 4]);
    expect(ids({ limit: 2, newest: true })).toEqual([3, 4]);
    expect(tb.countLogs({ minLevel: 'INFO', instanceName: 'data-agent-alice-1' })).toBe(1);
    expect(() => tb.appendLog({ instanceName: 'x', level: 'TRACE' as 'INFO', message: 'm', at: T0 })).toThrow('testbed log: "level" must be one of DEBUG, INFO, WARNING, ERROR');
    expect(() => tb.listLogs({ minLevel: 'LOUD' as 'INFO' })).toThrow('"minLevel" must be one of');
    store.close();
  });
});
