import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL_INTERVAL_MS } from '../../../../renderer/src/stores/agent-store.js';
import { getInitialFanoutState, useFanoutStore } from '../../../../renderer/src/stores/manager-op-store.js';
import { getInitialSmurfState, useSmurfStore } from '../../../../renderer/src/stores/smurf-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation, session } from '../fake-station.js';
import { MANAGER, managerSession, smurfInfo } from '../smurf-fixtures.js';

describe('manager op store (fan-out through the MultiSmurfManager)', () => {
  let station: FakeStation;
  beforeEach(() => {
    vi.useFakeTimers();
    station = new FakeStation();
    setStationApi(station);
    useSmurfStore.setState({ ...getInitialSmurfState(), info: smurfInfo(), loaded: true });
    useFanoutStore.setState(getInitialFanoutState());
  });
  afterEach(() => {
    useFanoutStore.setState(getInitialFanoutState());
    vi.useRealTimers();
  });

  it('starts the op on the manager with stream_ids, then polls its session every 0.5 s until done', async () => {
    let polls = 0;
    const slot2 = session('take_noise', { status: 'running' });
    station
      .handle('op:start', () => ({ status: 0, message: 'Started', session: managerSession('take_noise', { crate1slot2: slot2 }, { status: 'starting' }) }))
      .handle('op:status', () => {
        polls += 1;
        const done = polls >= 2;
        const target = done ? { ...slot2, status: 'done' as const, success: true, end_time: 1_005 } : slot2;
        return { status: 0, message: '', session: managerSession('take_noise', { crate1slot2: target }, done ? { status: 'done', success: true, end_time: 1_005 } : {}) };
      });
    expect(await useFanoutStore.getState().start('take_noise', { duration: 0.5 }, ['crate1slot2'])).toBe(true);
    expect(station.callsTo('op:start')).toEqual([{ address: MANAGER, op: 'take_noise', params: { duration: 0.5, stream_ids: ['crate1slot2'] } }]);
    expect(useFanoutStore.getState()).toMatchObject({ address: MANAGER, op: 'take_noise', requested: ['crate1slot2'], busy: null, error: null });
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(useFanoutStore.getState().session?.status).toBe('running');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(useFanoutStore.getState().session?.status).toBe('done');
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 6);
    expect(polls).toBe(2);
  });

  it("keeps the manager's refusal in place and shows no stale session", async () => {
    station
      .handle('op:start', () => ({ status: -1, message: 'Operation "take_noise" already in progress.', session: null }))
      .handle('op:status', () => ({ status: 0, message: '', session: managerSession('take_noise', {}, { status: 'done', success: true, end_time: 999 }) }));
    expect(await useFanoutStore.getState().start('take_noise', {}, ['crate1slot2'])).toBe(false);
    expect(useFanoutStore.getState()).toMatchObject({ busy: null, error: 'Operation "take_noise" already in progress.', session: null });
  });

  it('says so when the station has no manager, without calling anything', async () => {
    useSmurfStore.setState({ info: smurfInfo({ managerAddress: null }) });
    expect(await useFanoutStore.getState().start('uxm_relock', {}, ['crate1slot2'])).toBe(false);
    expect(useFanoutStore.getState().error).toBe('No MultiSmurfManager runs in this station.');
    expect(station.calls).toEqual([]);
  });

  it("aborts through the manager op, or ends the slots' scripts with the manager's abort op", async () => {
    station
      .handle('op:start', ({ op }) => ({ status: 0, message: '', session: managerSession(op, {}, { status: 'running' }) }))
      .handle('op:abort', () => ({ status: -1, message: 'take_noise cannot be aborted', session: null }))
      .handle('op:status', () => ({ status: 0, message: '', session: managerSession('take_noise', {}, { status: 'running' }) }));
    await useFanoutStore.getState().start('take_noise', {}, ['crate1slot2', 'crate1slot3']);
    expect(await useFanoutStore.getState().abort('abort')).toBe(false);
    expect(useFanoutStore.getState().error).toBe('take_noise cannot be aborted');
    expect(await useFanoutStore.getState().abort('abort-scripts')).toBe(true);
    expect(station.callsTo('op:abort')).toEqual([{ address: MANAGER, op: 'take_noise' }]);
    expect(station.callsTo('op:start').at(-1)).toEqual({ address: MANAGER, op: 'abort', params: { stream_ids: ['crate1slot2', 'crate1slot3'] } });
    // The tracked op is still the fan-out, not the abort.
    expect(useFanoutStore.getState()).toMatchObject({ op: 'take_noise', error: null, busy: null });
  });

  it('gives up polling after repeated failures and keeps the error', async () => {
    station
      .handle('op:start', () => ({ status: 0, message: '', session: managerSession('stream', {}, { status: 'running' }) }))
      .handle('op:status', () => {
        throw new Error('op:status: manager went away');
      });
    await useFanoutStore.getState().start('stream', {}, []);
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 20);
    expect(station.callsTo('op:status')).toHaveLength(5);
    expect(useFanoutStore.getState().error).toBe('op:status: manager went away');
  });

  it("resumes the manager's running op on a page that has none (reloaded mid-run), but not an ended one or over its own", async () => {
    const running = managerSession('run', { crate1slot2: session('run', { status: 'running' }) }, { status: 'running', start_time: 1_234 });
    let reply = { status: 0, message: '', session: running };
    station.handle('op:status', () => reply);
    expect(await useFanoutStore.getState().resume('run')).toBe(1_234);
    expect(useFanoutStore.getState()).toMatchObject({ address: MANAGER, op: 'run', requested: [], session: running, error: null });
    // It polls like a launch of its own from here on.
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    expect(station.callsTo('op:status')).toHaveLength(2);
    expect(await useFanoutStore.getState().resume('run'), 'already following an op').toBeNull();

    useFanoutStore.setState(getInitialFanoutState());
    reply = { status: 0, message: '', session: { ...running, status: 'done', success: true, end_time: 1_300 } };
    expect(await useFanoutStore.getState().resume('run')).toBeNull();
    expect(useFanoutStore.getState().op).toBeNull();
  });
});
