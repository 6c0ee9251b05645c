// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialAgentState, useAgentStore } from '../../../../../renderer/src/stores/agent-store.js';
import { getInitialLockState, useLockStore } from '../../../../../renderer/src/stores/lock-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { LockToggle } from '../../../../../renderer/src/views/common/lock-toggle.js';
import { AgentView } from '../../../../../renderer/src/views/agent/agent-view.js';
import { agentApi, FakeStation, session } from '../../fake-station.js';
import { handleAccess, setLockLevel } from '../../lock-fixtures.js';

function panel(op: string): HTMLElement {
  return screen.getAllByTestId('op-panel').find((el) => el.getAttribute('data-op') === op)!;
}

describe('OpPanel in the agent browser', () => {
  let station: FakeStation;
  beforeEach(async () => {
    station = new FakeStation().handle('agent:api', () => agentApi());
    setStationApi(station);
    useAgentStore.setState(getInitialAgentState());
    useLockStore.setState(getInitialLockState());
    await useAgentStore.getState().select('obs.fake');
  });
  afterEach(() => {
    cleanup();
    useAgentStore.setState(getInitialAgentState());
    useLockStore.setState(getInitialLockState());
  });

  function renderBrowser(): void {
    render(
      <>
        <LockToggle />
        <AgentView />
      </>,
    );
  }

  it('shows one panel per op with typed inputs from the docstring signature and idle status', () => {
    renderBrowser();
    const task = panel('delay_task');
    expect(within(task).getByTestId('op-status').textContent).toBe('idle');
    const delay = within(task).getByTestId('param-delay') as HTMLInputElement;
    expect([delay.type, delay.value]).toEqual(['number', '5']);
    expect((within(task).getByTestId('param-succeed') as HTMLInputElement).checked).toBe(true);
    expect((within(task).getByTestId('param-note') as HTMLInputElement).value).toBe('x');
    expect(within(task).getByTestId('op-abort')).toBeTruthy();
    expect(within(panel('acq')).getByTestId('op-stop')).toBeTruthy();
    expect(task.querySelector('.docstring summary')?.textContent).toBe('Task - Sleep for a while.');
  });

  it('is locked until the station answers; the lock widget sets the level through the station', async () => {
    handleAccess(station, 'locked');
    renderBrowser();
    const start = within(panel('delay_task')).getByTestId('op-start') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    await act(() => useLockStore.getState().load());
    expect(start.disabled).toBe(true);
    expect(start.title).toBe('Needs level operate (now locked): unlock it in the top bar');
    expect(screen.getByTestId('access-level-locked').getAttribute('aria-pressed')).toBe('true');
    await act(async () => {
      fireEvent.click(screen.getByTestId('access-level-operate'));
    });
    expect(station.callsTo('access:set')).toEqual([{ level: 'operate' }]);
    expect(screen.getByTestId('access-level-operate').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('access-relock').textContent).toMatch(/^(29|30) s$/);
    expect(start.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByTestId('access-level-locked'));
    });
    expect(start.disabled).toBe(true);
    expect(screen.queryByTestId('access-relock')).toBeNull();
  });

  it('an op whose min_privs is 2 needs expert', () => {
    station.handle('agent:api', () => agentApi());
    renderBrowser();
    setLockLevel('operate');
    expect((within(panel('delay_task')).getByTestId('op-start') as HTMLButtonElement).disabled).toBe(false);
    cleanup();
    const escalated = agentApi();
    escalated.tasks[0][2].min_privs = 2;
    useAgentStore.setState({ api: escalated });
    renderBrowser();
    const start = within(panel('delay_task')).getByTestId('op-start') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(start.title).toBe('Needs level expert (now operate): unlock it in the top bar');
    setLockLevel('expert');
    expect(start.disabled).toBe(false);
  });

  it('Start sends the typed params and shows the new session', async () => {
    station.handle('op:start', () => ({ status: 0, message: 'Started', session: session('delay_task', { status: 'done', success: true, end_time: Date.now() / 1000 - 3, data: { counter: 7 }, messages: [[Date.now() / 1000, 'slept well']] }) }));
    renderBrowser();
    setLockLevel('operate');
    const task = panel('delay_task');
    fireEvent.change(within(task).getByTestId('param-delay'), { target: { value: '2' } });
    fireEvent.click(within(task).getByTestId('param-succeed'));
    await act(async () => {
      fireEvent.click(within(task).getByTestId('op-start'));
    });
    expect(station.callsTo('op:start')).toEqual([{ address: 'obs.fake', op: 'delay_task', params: { delay: 2, succeed: false, note: 'x' } }]);
    expect(within(task).getByTestId('op-status').textContent).toBe('done – OK – 3 s ago');
    expect(within(task).getByTestId('op-messages').textContent).toContain('slept well');
    expect(within(task).getByTestId('op-data').textContent).toContain('counter: 7');
  });

  it("shows the agent's error message in place, and form errors before sending", async () => {
    station.handle('op:start', () => ({ status: -1, message: 'Operation "delay_task" already in progress.', session: null }));
    renderBrowser();
    setLockLevel('operate');
    const task = panel('delay_task');
    fireEvent.change(within(task).getByTestId('param-delay'), { target: { value: '1.5' } });
    fireEvent.click(within(task).getByTestId('op-start'));
    expect(within(task).getByTestId('op-error').textContent).toBe('delay: "1.5" is not an integer');
    expect(station.callsTo('op:start')).toHaveLength(0);

    fireEvent.change(within(task).getByTestId('param-delay'), { target: { value: '1' } });
    await act(async () => {
      fireEvent.click(within(task).getByTestId('op-start'));
    });
    expect(within(task).getByTestId('op-error').textContent).toBe('Operation "delay_task" already in progress.');
    expect(within(panel('acq')).queryByTestId('op-error')).toBeNull();
  });

  it('Stop and Wait call their channels for a process', async () => {
    station.handle('op:stop', () => ({ status: 0, message: 'Requested stop', session: session('acq', { status: 'stopping' }) }));
    station.handle('op:wait', () => ({ status: 0, message: '', session: session('acq', { status: 'done', success: true, end_time: Date.now() / 1000 }) }));
    renderBrowser();
    setLockLevel('operate');
    const acq = panel('acq');
    await act(async () => {
      fireEvent.click(within(acq).getByTestId('op-stop'));
    });
    expect(within(acq).getByTestId('op-status').textContent).toBe('stopping');
    await act(async () => {
      fireEvent.click(within(acq).getByTestId('op-wait'));
    });
    expect(station.callsTo('op:stop')).toEqual([{ address: 'obs.fake', op: 'acq' }]);
    expect(station.callsTo('op:wait')).toEqual([{ address: 'obs.fake', op: 'acq', timeout: 60 }]);
    expect(within(acq).getByTestId('op-status').textContent).toMatch(/^done – OK – 0 s ago$/);
  });
});
