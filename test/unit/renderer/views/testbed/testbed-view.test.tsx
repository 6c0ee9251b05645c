// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestbedConfigValidation } from '../../../../../shared/testbed.js';
import { getInitialLockState, useLockStore } from '../../../../../renderer/src/stores/lock-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { getInitialTestbedConfigState, useTestbedConfigStore } from '../../../../../renderer/src/stores/testbed-config-store.js';
import { getInitialTestbedMessagesState, useTestbedMessagesStore } from '../../../../../renderer/src/stores/testbed-messages-store.js';
import { getInitialTestbedState, useTestbedStore } from '../../../../../renderer/src/stores/testbed-store.js';
import { TestbedView } from '../../../../../renderer/src/views/testbed/testbed-view.js';
import { FakeStation } from '../../fake-station.js';
import { setLockLevel } from '../../lock-fixtures.js';
import { EXECUTION, fullRun, message, status } from '../../testbed-fixtures.js';

const GOOD = '[testbed]\nnamespace = "alice"\n';
const VALID: TestbedConfigValidation = { ok: true, errors: [], namespace: 'alice', enabledAgents: ['data'], workflow: { name: 'stf_datataking', config: 'fast_processing_default', realtime: true } };
const BUILTIN = { name: 'testbed', file: '/res/testbed/testbed.toml', source: 'builtin' as const, editable: false };

/** A station whose validate flags any text containing "oops" at line 2. */
function makeStation(): FakeStation {
  return new FakeStation()
    .handle('testbed:config:list', () => [BUILTIN])
    .handle('testbed:config:read', () => ({ entry: BUILTIN, text: GOOD }))
    .handle('testbed:config:validate', ({ text }) =>
      text.includes('oops') ? { ...VALID, ok: false, namespace: null, workflow: null, enabledAgents: [], errors: [{ message: 'TOML syntax error: Invalid key', line: 2, column: 1, key: '[testbed]' }] } : VALID,
    )
    .handle('testbed:config:save', ({ name }) => ({ name, file: `/d/testbed/configs/${name}.toml`, source: 'user' as const, editable: true }))
    .handle('testbed:status', () => status())
    .handle('testbed:messages', () => [])
    .handle('testbed:run', () => ({ executionId: EXECUTION, namespace: 'alice', started: ['workflow-runner'], skipped: ['fastmon (example-fastmon-agent): not available yet'], warnings: [] }))
    .handle('testbed:stop-workflow', () => ({ ok: true as const }))
    .handle('testbed:stop-agents', () => ({ stopped: ['workflow-runner'] }))
    .handle('testbed:agent', () => status());
}

describe('Testbed view', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = makeStation();
    setStationApi(station);
    useTestbedStore.setState(getInitialTestbedState());
    useTestbedConfigStore.setState(getInitialTestbedConfigState());
    useTestbedMessagesStore.setState(getInitialTestbedMessagesState());
    useLockStore.setState(getInitialLockState());
  });
  afterEach(cleanup);

  it('opens the shipped testbed.toml in the editor, validated, and watches the status', async () => {
    render(<TestbedView />);
    await waitFor(() => expect((screen.getByTestId('testbed-config-editor') as HTMLTextAreaElement).value).toBe(GOOD));
    expect((screen.getByTestId('testbed-config-select') as HTMLSelectElement).value).toBe('builtin:testbed');
    await waitFor(() => expect(screen.getByText(/namespace alice · agents: data/)).toBeTruthy());
    expect(station.callsTo('testbed:status')).toContainEqual({ watch: true });
    expect(screen.queryByTestId('testbed-config-error')).toBeNull();
  });

  it('shows a config error inline with its line, marks the line and disables Save and Run', async () => {
    render(<TestbedView />);
    await waitFor(() => expect((screen.getByTestId('testbed-config-editor') as HTMLTextAreaElement).value).toBe(GOOD));
    fireEvent.change(screen.getByTestId('testbed-config-editor'), { target: { value: '[testbed]\noops\n' } });
    const error = await screen.findByTestId('testbed-config-error', {}, { timeout: 2000 });
    expect(error.textContent).toBe('line 2:1: TOML syntax error: Invalid key');
    expect(document.querySelector('.config-line--bad')?.textContent).toBe('2');
    expect((screen.getByTestId('testbed-config-save') as HTMLButtonElement).disabled).toBe(true);
    setLockLevel('operate');
    expect((screen.getByTestId('testbed-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('saves a shipped config as a user copy (with the expert level Save needs)', async () => {
    render(<TestbedView />);
    setLockLevel('expert');
    await waitFor(() => expect((screen.getByTestId('testbed-config-name') as HTMLInputElement).value).toBe('my_testbed'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('testbed-config-save'));
    });
    expect(station.callsTo('testbed:config:save')).toEqual([{ name: 'my_testbed', text: GOOD }]);
    expect(screen.getByText('saved /d/testbed/configs/my_testbed.toml')).toBeTruthy();
  });

  it('lists supervisord programs with state, pid, uptime and exit status; actions need the unlock', async () => {
    render(<TestbedView />);
    const rows = await screen.findAllByTestId('testbed-agent-row');
    expect(rows.map((row) => [row.getAttribute('data-name'), row.getAttribute('data-state')])).toEqual([
      ['workflow-runner', 'RUNNING'],
      ['example-data-agent', 'EXITED'],
    ]);
    expect([...rows[0].querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)).toEqual(['workflow-runner', 'RUNNING', '4242', '12 s', '—']);
    expect(rows[1].querySelectorAll('td')[4].textContent).toBe('1');
    const restart = rows[0].querySelector('[data-testid="testbed-agent-restart"]') as HTMLButtonElement;
    expect(restart.disabled).toBe(true);
    setLockLevel('operate');
    // supervisord programs need expert.
    expect(restart.disabled).toBe(true);
    expect(rows[0].querySelector('.testbed-actions')?.getAttribute('title')).toBe('Needs level expert (now operate): unlock it in the top bar');
    setLockLevel('expert');
    expect(restart.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(restart);
    });
    expect(station.callsTo('testbed:agent')).toEqual([{ action: 'restart', name: 'workflow-runner' }]);
  });

  it('says when supervisord is missing, with the install hint, and keeps Run disabled', async () => {
    station.handle('testbed:status', () =>
      status({ supervisor: { installed: false, running: false, message: 'supervisord is not installed: the testbed agents cannot run.', installHint: 'Install it with `sudo apt-get install supervisor`' }, programs: [] }),
    );
    render(<TestbedView />);
    const missing = await screen.findByTestId('testbed-supervisor-missing');
    expect(missing.textContent).toContain('apt-get install supervisor');
    setLockLevel('operate');
    expect((screen.getByTestId('testbed-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('runs with the form parameters, follows the new execution and draws its timeline live', async () => {
    render(<TestbedView />);
    await screen.findAllByTestId('testbed-agent-row');
    setLockLevel('operate');
    fireEvent.change(screen.getByTestId('testbed-param-stf_count'), { target: { value: '3' } });
    fireEvent.change(screen.getByTestId('testbed-param-stf_interval'), { target: { value: '0.1' } });
    fireEvent.click(screen.getByTestId('testbed-param-realtime'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('testbed-run'));
    });
    expect(station.callsTo('testbed:run')).toEqual([{ params: { stf_count: 3, physics_period_count: 1, stf_interval: 0.1, realtime: false }, config: { name: 'testbed', source: 'builtin' } }]);
    expect(screen.getByTestId('testbed-notice').textContent).toContain(`started ${EXECUTION} in namespace alice – not started: fastmon`);
    const timeline = screen.getByTestId('testbed-timeline');
    expect(timeline.getAttribute('data-phase')).toBe('idle');
    const run = fullRun(3);
    act(() => useTestbedMessagesStore.getState().applyMessages(run.slice(0, 2)));
    expect(timeline.getAttribute('data-phase')).toBe('running');
    act(() => useTestbedMessagesStore.getState().applyMessages(run.slice(2)));
    expect(timeline.getAttribute('data-phase')).toBe('ended');
    expect(screen.getAllByTestId('testbed-timeline-mark').map((mark) => mark.getAttribute('data-type'))).toEqual(run.map((m) => m.msgType));
    expect(screen.getByTestId('testbed-stf-count').textContent).toBe('STF 3 generated · 3 ready · 3 in total');
    await act(async () => {
      fireEvent.click(screen.getByTestId('testbed-stop-workflow'));
    });
    expect(station.callsTo('testbed:stop-workflow')).toEqual([{ executionId: EXECUTION }]);
  });

  it('refuses a form value that is not a number, naming the field', async () => {
    render(<TestbedView />);
    setLockLevel('operate');
    fireEvent.change(screen.getByTestId('testbed-param-stf_count'), { target: { value: '2.5' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('testbed-run'));
    });
    expect(screen.getByTestId('testbed-notice').textContent).toBe('stf_count must be a whole number ≥ 0');
    expect(station.callsTo('testbed:run')).toEqual([]);
  });

  it('streams messages and filters them by type, agent, run and namespace', async () => {
    render(<TestbedView />);
    const others = [message(20, 'run_imminent', { namespace: 'bob', runId: '100011', executionId: 'stf_datataking-bob-0002', sender: 'daq_simulator-agent-bob-3' })];
    act(() => useTestbedMessagesStore.getState().applyMessages([...fullRun(2), ...others]));
    const count = screen.getByTestId('testbed-message-count');
    expect(count.textContent).toBe('8 of 8');
    expect(screen.getAllByTestId('testbed-message-row').length).toBe(8);
    fireEvent.change(screen.getByTestId('testbed-filter-type'), { target: { value: 'stf_ready' } });
    expect(count.textContent).toBe('2 of 8');
    fireEvent.change(screen.getByTestId('testbed-filter-type'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('testbed-filter-namespace'), { target: { value: 'bob' } });
    expect(screen.getAllByTestId('testbed-message-row').map((row) => row.getAttribute('data-id'))).toEqual(['20']);
    fireEvent.change(screen.getByTestId('testbed-filter-namespace'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('testbed-filter-run'), { target: { value: '100010' } });
    fireEvent.change(screen.getByTestId('testbed-filter-agent'), { target: { value: 'data-agent-alice-2' } });
    expect(count.textContent).toBe('2 of 8');
    // Without a run started here, the timeline follows the newest execution seen.
    expect(screen.getByTestId('testbed-timeline').getAttribute('data-execution')).toBe('stf_datataking-bob-0002');
  });
});
