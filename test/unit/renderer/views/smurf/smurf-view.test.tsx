// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getInitialControllerApiState, useControllerApiStore } from '../../../../../renderer/src/stores/controller-api-store.js';
import { getInitialLockState, useLockStore } from '../../../../../renderer/src/stores/lock-store.js';
import { getInitialFanoutState, useFanoutStore } from '../../../../../renderer/src/stores/manager-op-store.js';
import { getInitialSelectionState, useSelectionStore } from '../../../../../renderer/src/stores/selection-store.js';
import { getInitialSmurfState, useSmurfStore } from '../../../../../renderer/src/stores/smurf-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { LockToggle } from '../../../../../renderer/src/views/common/lock-toggle.js';
import { SmurfView } from '../../../../../renderer/src/views/smurf/smurf-view.js';
import { FakeStation, session } from '../../fake-station.js';
import { setLockLevel } from '../../lock-fixtures.js';
import { controllerApi, MANAGER, managerSession, slot, smurfInfo } from '../../smurf-fixtures.js';

const now = Date.now() / 1000;
const cards = () => screen.getAllByTestId('smurf-slot');
const card = (streamId: string) => cards().find((el) => el.getAttribute('data-stream-id') === streamId)!;
const selectedIds = () => cards().filter((el) => el.getAttribute('data-selected') === 'true').map((el) => el.getAttribute('data-stream-id'));

describe('Smurf view', () => {
  let station: FakeStation;
  beforeEach(() => {
    // Ages ("1 s ago") are against the clock: hold it at `now` so a slow run cannot shift them (timers stay real).
    vi.useFakeTimers({ toFake: ['Date'], now: now * 1000 });
    station = new FakeStation().handle('agent:api', () => controllerApi());
    setStationApi(station);
    const slots = [
      slot(2, { currentOp: { name: 'take_iv', startedAt: now - 12 }, streamOn: true }),
      slot(3, { lastResult: { op: 'uxm_relock', success: false, message: 'Script has finished with exit code 1', endedAt: now - 30 } }),
      slot(4, { expired: true }),
      slot(5),
    ];
    useSmurfStore.setState({ ...getInitialSmurfState(), info: smurfInfo(), loaded: true, slots: new Map(slots.map((s) => [s.address, s])) });
    useSelectionStore.setState(getInitialSelectionState());
    useFanoutStore.setState(getInitialFanoutState());
    useControllerApiStore.setState(getInitialControllerApiState());
    useLockStore.setState(getInitialLockState());
  });
  afterEach(() => {
    vi.useRealTimers();
    cleanup();
    useFanoutStore.setState(getInitialFanoutState());
    useLockStore.setState(getInitialLockState());
  });

  async function renderView(): Promise<void> {
    await act(async () => {
      render(
        <>
          <LockToggle />
          <SmurfView />
        </>,
      );
    });
  }

  it('shows one card per controller with crate/slot, state, current op and its elapsed time, stream and last result', async () => {
    await renderView();
    expect(cards().map((el) => el.getAttribute('data-stream-id'))).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot4', 'crate1slot5']);
    expect(card('crate1slot2').textContent).toMatch(/c1 s2.*alive.*crate1slot2.*take_iv \(1[23] s\).*streaming/);
    expect(within(card('crate1slot3')).getByTestId('smurf-slot-last').textContent).toBe('uxm_relock ERROR · 30 s ago');
    expect(card('crate1slot4').getAttribute('data-expired')).toBe('true');
    expect(within(card('crate1slot4')).getByText('EXPIRED')).toBeTruthy();
  });

  it('click selects one, ctrl-click toggles, shift-click selects a range, All alive and Clear', async () => {
    await renderView();
    fireEvent.click(card('crate1slot3'));
    expect(selectedIds()).toEqual(['crate1slot3']);
    fireEvent.click(card('crate1slot5'), { ctrlKey: true });
    expect(selectedIds()).toEqual(['crate1slot3', 'crate1slot5']);
    fireEvent.click(card('crate1slot3'), { metaKey: true });
    expect(selectedIds()).toEqual(['crate1slot5']);
    // The range runs from the last plain or ctrl click (the anchor, slot 3 here).
    fireEvent.click(card('crate1slot2'), { shiftKey: true });
    expect(selectedIds()).toEqual(['crate1slot2', 'crate1slot3']);
    fireEvent.click(card('crate1slot5'));
    fireEvent.click(card('crate1slot2'), { shiftKey: true });
    expect(selectedIds()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot4', 'crate1slot5']);
    fireEvent.click(screen.getByTestId('smurf-select-all-alive'));
    expect(selectedIds()).toEqual(['crate1slot2', 'crate1slot3', 'crate1slot5']);
    expect(screen.getByTestId('smurf-selection-count').textContent).toBe('3 of 4 selected');
    fireEvent.click(screen.getByTestId('smurf-clear-selection'));
    expect(selectedIds()).toEqual([]);
  });

  it('is keyboard accessible: one card in the tab order, arrows move focus, Space toggles', async () => {
    await renderView();
    expect(cards().map((el) => el.tabIndex)).toEqual([0, -1, -1, -1]);
    act(() => card('crate1slot2').focus());
    fireEvent.keyDown(card('crate1slot2'), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(card('crate1slot3'));
    fireEvent.keyDown(card('crate1slot3'), { key: ' ' });
    fireEvent.keyDown(card('crate1slot3'), { key: 'End' });
    expect(document.activeElement).toBe(card('crate1slot5'));
    fireEvent.keyDown(card('crate1slot5'), { key: ' ' });
    expect(selectedIds()).toEqual(['crate1slot3', 'crate1slot5']);
    fireEvent.keyDown(card('crate1slot5'), { key: ' ' });
    expect(selectedIds()).toEqual(['crate1slot3']);
    expect(cards().map((el) => el.tabIndex)).toEqual([-1, -1, -1, 0]);
  });

  it('builds the op form from the controller get_api and runs the op on the selected slots through the manager', async () => {
    const targets = { crate1slot2: session('take_noise', { status: 'done', success: true, start_time: now - 3, end_time: now - 1, data: { noise_file: 'n.npy' } }), crate1slot3: session('take_noise', { status: 'running', start_time: now - 2 }) };
    station.handle('op:start', () => ({ status: 0, message: 'Started', session: managerSession('take_noise', targets, { status: 'running', start_time: now - 3 }) }));
    station.handle('op:status', () => ({ status: 0, message: '', session: managerSession('take_noise', targets, { status: 'running', start_time: now - 3 }) }));
    await renderView();
    expect(station.callsTo('agent:api')).toEqual([{ address: 'observatory.pysmurf-controller-c1s2' }]);
    const picker = screen.getByTestId('fanout-op') as HTMLSelectElement;
    expect([...picker.options].map((o) => o.value)).toEqual(['take_noise', 'all_off', 'stream']);
    expect(picker.value).toBe('take_noise');
    expect((screen.getByTestId('param-duration') as HTMLInputElement).value).toBe('30.0');
    expect(screen.getByTestId('fanout-run')).toHaveProperty('disabled', true); // Locked, and nothing selected.

    fireEvent.click(card('crate1slot2'));
    fireEvent.click(card('crate1slot3'), { shiftKey: true });
    setLockLevel('operate');
    fireEvent.change(screen.getByTestId('param-duration'), { target: { value: '0.5' } });
    fireEvent.change(screen.getByTestId('fanout-timeout'), { target: { value: '20' } });
    fireEvent.change(screen.getByTestId('fanout-mode'), { target: { value: 'serial' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('fanout-run'));
    });
    expect(station.callsTo('op:start')).toEqual([
      { address: MANAGER, op: 'take_noise', params: { duration: 0.5, run_in_main_process: false, mode: 'serial', timeout: 20, stream_ids: ['crate1slot2', 'crate1slot3'] } },
    ]);
    const shown = screen.getAllByTestId('fanout-target');
    expect(shown.map((el) => [el.getAttribute('data-stream-id'), within(el).getByTestId('fanout-target-status').textContent])).toEqual([
      ['crate1slot2', 'done – OK – 1 s ago'],
      ['crate1slot3', expect.stringMatching(/^running \(2\.\d s\)$/)],
    ]);
    expect(within(shown[0]).getByTestId('fanout-target-data').textContent).toContain('noise_file');
    expect(screen.getByTestId('fanout-result').textContent).toMatch(/^take_noise running/);
    expect(screen.getByTestId('fanout-abort')).toHaveProperty('disabled', false);
  });

  it("shows the manager's reason for a failed target (expired, lost, refused) and the overall verdict", async () => {
    const failedData = {
      op_name: 'take_noise',
      stream_ids: ['crate1slot2', 'crate1slot4'],
      sessions: { crate1slot2: session('take_noise', { status: 'done', success: true, start_time: now - 4, end_time: now - 2 }) },
      failed: { crate1slot4: 'expired: no heartbeat for 31 s; not commanded' },
      succeeded: ['crate1slot2'],
    };
    const done = session('take_noise', { status: 'done', success: false, start_time: now - 4, end_time: now - 1, data: failedData, messages: [[now - 1, 'take_noise failed: 1 of 2 target(s) succeeded; failed: crate1slot4 (expired)']] });
    station.handle('op:start', () => ({ status: 0, message: '', session: done }));
    await renderView();
    fireEvent.click(card('crate1slot2'));
    fireEvent.click(card('crate1slot4'), { ctrlKey: true });
    setLockLevel('operate');
    await act(async () => {
      fireEvent.click(screen.getByTestId('fanout-run'));
    });
    const [ok, expired] = screen.getAllByTestId('fanout-target');
    expect(within(ok).getByTestId('fanout-target-status').textContent).toBe('done – OK – 2 s ago');
    expect(within(expired).getByTestId('fanout-target-status').textContent).toBe('failed');
    expect(within(expired).getByTestId('fanout-target-failure').textContent).toBe('expired: no heartbeat for 31 s; not commanded');
    expect(screen.getByTestId('fanout-result').getAttribute('data-tone')).toBe('error');
    expect(screen.getByTestId('fanout-result').textContent).toContain('done – ERROR – 1 s ago · take_noise failed: 1 of 2 target(s) succeeded');
  });

  it('asks before a dangerous op, naming the op and the slots; Cancel sends nothing', async () => {
    station.handle('op:start', () => ({ status: 0, message: '', session: managerSession('all_off', {}, { status: 'starting' }) }));
    station.handle('op:status', () => ({ status: 0, message: '', session: managerSession('all_off', {}, { status: 'done', success: true, end_time: now }) }));
    await renderView();
    fireEvent.click(screen.getByTestId('smurf-select-all-alive'));
    setLockLevel('operate');
    fireEvent.change(screen.getByTestId('fanout-op'), { target: { value: 'all_off' } });
    fireEvent.click(screen.getByTestId('fanout-run'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('all_off');
    expect(within(dialog).getByTestId('fanout-confirm-slots').textContent).toBe('crate1slot2, crate1slot3, crate1slot5');
    expect(document.activeElement).toBe(within(dialog).getByTestId('confirm-cancel'));
    fireEvent.click(within(dialog).getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(station.callsTo('op:start')).toEqual([]);

    fireEvent.click(screen.getByTestId('fanout-run'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('fanout-confirm'));
    });
    expect(station.callsTo('op:start')).toEqual([
      { address: MANAGER, op: 'all_off', params: { disable_amps: true, disable_tones: true, stream_ids: ['crate1slot2', 'crate1slot3', 'crate1slot5'] } },
    ]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('Abort all aborts the manager op, ends the scripts if the manager refuses, and form errors come before sending', async () => {
    station.handle('op:start', ({ op }) => ({ status: 0, message: '', session: managerSession(op, {}, { status: 'running' }) }));
    station.handle('op:abort', () => ({ status: -1, message: 'take_noise is not abortable', session: null }));
    station.handle('op:status', () => ({ status: 0, message: '', session: managerSession('take_noise', {}, { status: 'running' }) }));
    await renderView();
    fireEvent.click(card('crate1slot5'));
    setLockLevel('operate');
    fireEvent.change(screen.getByTestId('fanout-min-successes'), { target: { value: '1.5' } });
    fireEvent.click(screen.getByTestId('fanout-run'));
    expect(screen.getByTestId('fanout-error').textContent).toBe('min_successes: "1.5" is not a whole number');
    fireEvent.change(screen.getByTestId('fanout-min-successes'), { target: { value: '1' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('fanout-run'));
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('fanout-abort'));
    });
    // The manager refused to abort its take_noise: its `abort` op ends the slot's script instead.
    expect(station.callsTo('op:abort')).toEqual([{ address: MANAGER, op: 'take_noise' }]);
    expect(station.callsTo('op:start').at(-1)).toEqual({ address: MANAGER, op: 'abort', params: { stream_ids: ['crate1slot5'] } });
  });
});
