import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getInitialAgentState, POLL_INTERVAL_MS, useAgentStore, WAIT_TIMEOUT_S } from '../../../../renderer/src/stores/agent-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { agentApi, FakeStation, session } from '../fake-station.js';

describe('agent store', () => {
  let station: FakeStation;
  beforeEach(() => {
    vi.useFakeTimers();
    station = new FakeStation().handle('agent:api', () => agentApi());
    setStationApi(station);
    useAgentStore.setState(getInitialAgentState());
  });
  afterEach(() => {
    useAgentStore.setState(getInitialAgentState());
    vi.useRealTimers();
  });

  it('selecting an agent loads get_api; never-run ops have no session', async () => {
    await useAgentStore.getState().select('obs.fake');
    const state = useAgentStore.getState();
    expect(station.callsTo('agent:api')).toEqual([{ address: 'obs.fake' }]);
    expect(state.api?.agent_class).toBe('FakeAgent');
    expect(Object.keys(state.ops)).toEqual(['delay_task', 'acq']);
    expect(state.ops.delay_task.session).toBeNull();
  });

  it('start sends typed params, then polls op:status every 0.5 s until done', async () => {
    let statusCalls = 0;
    station
      .handle('op:start', () => ({ status: 0, message: 'Started', session: session('delay_task', { status: 'starting' }) }))
      .handle('op:status', () => {
        statusCalls += 1;
        const done = statusCalls >= 2;
        return { status: 0, message: '', session: session('delay_task', done ? { status: 'done', success: true, end_time: 1_001 } : { status: 'running' }) };
      });
    await useAgentStore.getState().select('obs.fake');
    await useAgentStore.getState().start('delay_task', { delay: 1 });
    expect(station.callsTo('op:start')).toEqual([{ address: 'obs.fake', op: 'delay_task', params: { delay: 1 } }]);
    expect(useAgentStore.getState().ops.delay_task.session?.status).toBe('starting');

    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(useAgentStore.getState().ops.delay_task.session?.status).toBe('running');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(useAgentStore.getState().ops.delay_task.session?.status).toBe('done');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 10);
    expect(statusCalls).toBe(2); // Polling stopped once done.
  });

  it("shows the agent's message in place when a request fails", async () => {
    station.handle('op:start', () => ({ status: -1, message: 'Operation "delay_task" already in progress.', session: null }));
    await useAgentStore.getState().select('obs.fake');
    await useAgentStore.getState().start('delay_task', {});
    expect(useAgentStore.getState().ops.delay_task).toMatchObject({ busy: null, error: 'Operation "delay_task" already in progress.' });
  });

  it('after a refused start shows what the agent holds now, not the session it dropped', async () => {
    station
      .handle('agent:api', () => {
        const api = agentApi();
        api.tasks[0][1] = session('delay_task', { status: 'done', success: true, end_time: 1_001 });
        return api;
      })
      .handle('op:start', () => ({ status: -1, message: "Param 'delay' failed validity check", session: null }))
      .handle('op:status', () => ({ status: 0, message: '', session: null }));
    await useAgentStore.getState().select('obs.fake');
    expect(useAgentStore.getState().ops.delay_task.session?.status).toBe('done');
    await useAgentStore.getState().start('delay_task', { delay: -1 });
    expect(useAgentStore.getState().ops.delay_task).toMatchObject({ session: null, error: "Param 'delay' failed validity check" });
  });

  it('shows a rejected invoke (e.g. handler error) in place', async () => {
    station.handle('op:abort', () => {
      throw new Error('op:abort: agent obs.fake is not on the bus');
    });
    await useAgentStore.getState().select('obs.fake');
    await useAgentStore.getState().abort('delay_task');
    expect(useAgentStore.getState().ops.delay_task.error).toBe('op:abort: agent obs.fake is not on the bus');
  });

  it('wait passes its timeout and a TIMEOUT reply becomes a note, not an error', async () => {
    station.handle('op:wait', () => ({ status: 1, message: 'Operation acq still running after 60 s', session: session('acq', { status: 'done', success: true }) }));
    await useAgentStore.getState().select('obs.fake');
    await useAgentStore.getState().wait('acq');
    expect(station.callsTo('op:wait')).toEqual([{ address: 'obs.fake', op: 'acq', timeout: WAIT_TIMEOUT_S }]);
    expect(useAgentStore.getState().ops.acq).toMatchObject({ error: null, note: 'Operation acq still running after 60 s' });
  });

  it('polls an op that was already running when the agent was opened, and stops when another agent is picked', async () => {
    station.handle('agent:api', () => agentApi({ processes: [['acq', session('acq', { status: 'running' }), { blocking: true, docstring: null, op_type: 'process', min_privs: 1 }]] }));
    station.handle('op:status', () => ({ status: 0, message: '', session: session('acq', { status: 'running' }) }));
    await useAgentStore.getState().select('obs.fake');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 2);
    expect(station.callsTo('op:status')).toHaveLength(2);
    station.handle('agent:api', () => agentApi());
    await useAgentStore.getState().select('obs.other');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 4);
    expect(station.callsTo('op:status')).toHaveLength(2);
  });

  it('gives up polling after repeated failures and keeps the error', async () => {
    station.handle('op:start', () => ({ status: 0, message: '', session: session('delay_task', { status: 'running' }) }));
    station.handle('op:status', () => {
      throw new Error('op:status: agent went away');
    });
    await useAgentStore.getState().select('obs.fake');
    await useAgentStore.getState().start('delay_task', {});
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 20);
    expect(station.callsTo('op:status')).toHaveLength(5);
    expect(useAgentStore.getState().ops.delay_task.error).toBe('op:status: agent went away');
  });

  it('records a get_api failure for the view', async () => {
    station.handle('agent:api', () => {
      throw new Error('agent:api: no agent at obs.gone');
    });
    await useAgentStore.getState().select('obs.gone');
    expect(useAgentStore.getState()).toMatchObject({ address: 'obs.gone', api: null, loading: false, error: 'agent:api: no agent at obs.gone' });
  });
});
