// @vitest-environment jsdom
/** A read-only viewer (app:info access 'read-only'): a "read-only" badge instead of the lock, and the op controls stay disabled. */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
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

async function connectAs(access: Access | undefined): Promise<void> {
  const station = new FakeStation()
    .handle('agent:api', () => agentApi())
    .handle('app:info', () => ({ version: '1', mode: 'headless', serverTime: Date.now() / 1000, ...(access ? { access } : {}) }));
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
    expect(screen.queryByTestId('controls-lock')).toBeNull();
    expect(screen.getByTestId('read-only-badge').textContent).toBe('read-only');
    expect(startButton().disabled).toBe(true);
    // Nothing unlocks a viewer: not the store's unlock, not a toggle.
    act(() => useLockStore.getState().unlock());
    act(() => useLockStore.getState().toggle());
    expect(useLockStore.getState().locked).toBe(true);
    expect(startButton().disabled).toBe(true);
  });

  it('keeps the lock toggle for a control connection and for Electron (no access field)', async () => {
    for (const access of ['control', undefined] as const) {
      await connectAs(access);
      expect(screen.queryByTestId('read-only-badge')).toBeNull();
      fireEvent.click(screen.getByTestId('controls-lock'));
      expect(startButton().disabled).toBe(false);
      cleanup();
      useLockStore.setState(getInitialLockState());
    }
  });

  it('locks at once when the connection turns out read-only while unlocked', async () => {
    useLockStore.getState().unlock();
    await connectAs('read-only');
    expect(useLockStore.getState()).toMatchObject({ locked: true, relockAt: null, readOnly: true });
  });

  it('disables the actions the lock does not gate (alarm ack, router switch) for a viewer only', () => {
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
    expect((screen.getByTestId('alarm-ack') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('connection-switch') as HTMLButtonElement).disabled).toBe(false);
    cleanup();
    act(() => useLockStore.getState().setReadOnly(true));
    views();
    expect((screen.getByTestId('alarm-ack') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('connection-switch') as HTMLButtonElement).disabled).toBe(true);
  });
});
