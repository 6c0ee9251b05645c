// @vitest-environment jsdom
/** A read-only viewer (app:info access 'read-only'): a "read-only" badge instead of the lock, and the op controls stay disabled. */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Access } from '../../../../../shared/access.js';
import type { AlarmView } from '../../../../../shared/alarms.js';
import { getInitialAgentState, useAgentStore } from '../../../../../renderer/src/stores/agent-store.js';
import { getInitialClockState, useClockStore } from '../../../../../renderer/src/stores/clock-store.js';
import { getInitialLockState, useLockStore } from '../../../../../renderer/src/stores/lock-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { AgentView } from '../../../../../renderer/src/views/agent/agent-view.js';
import { ActiveAlarms } from '../../../../../renderer/src/views/alarms/alarm-tables.js';
import { ConnectionForm } from '../../../../../renderer/src/views/connections/connection-form.js';
import { LockToggle } from '../../../../../renderer/src/views/common/lock-toggle.js';
import { agentApi, FakeStation } from '../../fake-station.js';
import { accessView, setLockLevel } from '../../lock-fixtures.js';

async function connectAs(access: Access | undefined): Promise<void> {
  const station = new FakeStation()
    .handle('agent:api', () => agentApi())
    .handle('app:info', () => ({ version: '1', mode: 'headless', serverTime: Date.now() / 1000, memory: { rss: 1, heapUsed: 1, heapTotal: 1, external: 0, arrayBuffers: 0 }, ...(access ? { access } : {}) }));
  setStationApi(station);
  await useAgentStore.getState().select('obs.fake');
  await act(() => useClockStore.getState().sync());
  render(
    <>
      <LockToggle />
      <AgentView />
    </>,
  );
}

const startButton = () => within(screen.getAllByTestId('op-panel').find((el) => el.getAttribute('data-op') === 'delay_task')!).getByTestId('op-start') as HTMLButtonElement;

describe('read-only access in the renderer', () => {
  beforeEach(() => {
    useAgentStore.setState(getInitialAgentState());
    useLockStore.setState(getInitialLockState());
    useClockStore.setState(getInitialClockState());
  });
  afterEach(() => {
    cleanup();
    useLockStore.setState(getInitialLockState());
  });

  it('shows "read-only" instead of the lock toggle and keeps actions disabled', async () => {
    await connectAs('read-only');
    expect(screen.queryByTestId('access-lock')).toBeNull();
    expect(screen.getByTestId('read-only-badge').textContent).toBe('read-only');
    expect(startButton().disabled).toBe(true);
    // Even a level the station would never grant a viewer leaves its actions disabled.
    setLockLevel('expert');
    expect(startButton().disabled).toBe(true);
    expect(startButton().title).toBe('Read-only viewer: open the control URL to act');
  });

  it('keeps the lock toggle for a control connection and for Electron (no access field)', async () => {
    for (const access of ['control', undefined] as const) {
      await connectAs(access);
      expect(screen.queryByTestId('read-only-badge')).toBeNull();
      expect(screen.getByTestId('access-lock')).toBeTruthy();
      setLockLevel('operate');
      expect(startButton().disabled).toBe(false);
      cleanup();
      useLockStore.setState(getInitialLockState());
    }
  });

  it('disables actions at once when the connection turns out read-only', async () => {
    useLockStore.getState().apply(accessView('operate'));
    await connectAs('read-only');
    expect(useLockStore.getState().readOnly).toBe(true);
    expect(startButton().disabled).toBe(true);
  });

  it('gates alarm ack (operate) and the router switch (expert) by level, and disables both for a viewer', () => {
    const alarm: AlarmView = {
      id: 1, ruleId: 'agent-expired', subject: 'observatory.a', title: 'Agent expired', detail: '', guidance: 'g',
      latched: true, raisedAt: 1000, clearedAt: null, ackedAt: null, ackedBy: null, finishedAt: null,
    };
    const views = () =>
      render(
        <>
          <ActiveAlarms alarms={[alarm]} onAck={() => {}} />
          <ConnectionForm initial={{ kind: 'embedded' }} busy={false} onSwitch={() => {}} />
        </>,
      );
    views();
    expect((screen.getByTestId('alarm-ack') as HTMLButtonElement).disabled, 'not known yet: locked').toBe(true);
    setLockLevel('operate');
    expect((screen.getByTestId('alarm-ack') as HTMLButtonElement).disabled).toBe(false);
    const connectionSwitch = screen.getByTestId('connection-switch') as HTMLButtonElement;
    expect([connectionSwitch.disabled, connectionSwitch.title]).toEqual([true, 'Needs level expert (now operate): unlock it in the top bar']);
    setLockLevel('expert');
    expect((screen.getByTestId('connection-switch') as HTMLButtonElement).disabled).toBe(false);
    cleanup();
    act(() => useLockStore.getState().setReadOnly(true));
    views();
    expect((screen.getByTestId('alarm-ack') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('connection-switch') as HTMLButtonElement).disabled).toBe(true);
  });
});
