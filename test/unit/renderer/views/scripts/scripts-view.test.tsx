// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getInitialLockState, useLockStore } from '../../../../../renderer/src/stores/lock-store.js';
import { getInitialLaunchState, useLaunchStore } from '../../../../../renderer/src/stores/manager-op-store.js';
import { getInitialScriptFormState, useScriptFormStore } from '../../../../../renderer/src/stores/script-form-store.js';
import { getInitialScriptRunsState, useScriptRunsStore } from '../../../../../renderer/src/stores/script-runs-store.js';
import { getInitialSelectionState, useSelectionStore } from '../../../../../renderer/src/stores/selection-store.js';
import { getInitialSmurfState, useSmurfStore } from '../../../../../renderer/src/stores/smurf-store.js';
import { setStationApi } from '../../../../../renderer/src/stores/station.js';
import { LockToggle } from '../../../../../renderer/src/views/common/lock-toggle.js';
import { OutputList } from '../../../../../renderer/src/views/scripts/output-list.js';
import { ScriptsView } from '../../../../../renderer/src/views/scripts/scripts-view.js';
import { FakeStation, session } from '../../fake-station.js';
import { setLockLevel } from '../../lock-fixtures.js';
import { line, MANAGER, managerSession, run, script, slot, smurfInfo } from '../../smurf-fixtures.js';

const now = Date.now() / 1000;
const args = () => (screen.queryAllByTestId('script-arg') as HTMLInputElement[]).map((input) => input.value);
const outputPanel = (streamId: string) => screen.getAllByTestId('script-output').find((el) => el.getAttribute('data-stream-id') === streamId)!;

describe('Scripts view', () => {
  let station: FakeStation;
  beforeEach(async () => {
    station = new FakeStation()
      .handle('scripts:list', () => [script('hello_smurf.py'), script('tune.py', '/site/scripts/tuning'), script('noise.sh')])
      .handle('scripts:history', () => [run(2, { endedAt: 1_004.5, exitCode: 0, success: true, args: ['--cycles', '3'], lines: 3 }), run(1, { streamId: 'crate1slot3', endedAt: 1_002, signal: 'SIGINT', success: false })])
      .handle('scripts:output', ({ runId, offset = 0 }) => (runId === 2 && offset === 0 ? [line(2, 0), line(2, 1, { stream: 'stderr', text: 'warning: cold' }), line(2, 2)] : []));
    setStationApi(station);
    const slots = [slot(2), slot(3)];
    useSmurfStore.setState({ ...getInitialSmurfState(), info: smurfInfo(), loaded: true, slots: new Map(slots.map((s) => [s.address, s])) });
    useSelectionStore.setState(getInitialSelectionState());
    useLaunchStore.setState(getInitialLaunchState());
    useScriptFormStore.setState(getInitialScriptFormState());
    useScriptRunsStore.setState(getInitialScriptRunsState());
    useLockStore.setState(getInitialLockState());
    await useScriptFormStore.getState().load();
    await useScriptRunsStore.getState().loadHistory();
  });
  afterEach(() => {
    cleanup();
    useLaunchStore.setState(getInitialLaunchState());
    useLockStore.setState(getInitialLockState());
  });

  function renderView(): void {
    render(
      <>
        <LockToggle />
        <ScriptsView />
      </>,
    );
  }

  it('lists the scripts by directory and picks one', () => {
    renderView();
    expect(screen.getAllByTestId('script-entry').map((el) => el.getAttribute('data-name'))).toEqual(['hello_smurf.py', 'noise.sh', 'tune.py']);
    fireEvent.click(screen.getAllByTestId('script-entry')[0]);
    expect(screen.getByTestId('script-picked').textContent).toContain('/site/scripts/hello_smurf.py');
    expect(screen.getAllByTestId('script-entry')[0].getAttribute('aria-selected')).toBe('true');
  });

  it('edits args one field each: add, type, remove from the middle', () => {
    renderView();
    expect(args()).toEqual([]);
    for (let i = 0; i < 3; i += 1) fireEvent.click(screen.getByTestId('script-add-arg'));
    const inputs = screen.getAllByTestId('script-arg');
    fireEvent.change(inputs[0], { target: { value: '--band' } });
    fireEvent.change(inputs[1], { target: { value: 'x y' } });
    fireEvent.change(inputs[2], { target: { value: '3' } });
    fireEvent.click(screen.getAllByTestId('script-remove-arg')[1]);
    expect(args()).toEqual(['--band', '3']);
    expect(useScriptFormStore.getState().args).toEqual(['--band', '3']);
  });

  it('runs the script on the selected slots through the manager and shows each slot’s live output', async () => {
    station.handle('op:start', () => ({ status: 0, message: 'Started', session: managerSession('run', { crate1slot2: session('run', { status: 'running', start_time: now }) }, { status: 'running' }) }));
    station.handle('op:status', () => ({ status: 0, message: '', session: managerSession('run', { crate1slot2: session('run', { status: 'running', start_time: now }) }, { status: 'running' }) }));
    renderView();
    fireEvent.click(screen.getAllByTestId('script-entry')[0]);
    fireEvent.click(screen.getByTestId('script-add-arg'));
    fireEvent.change(screen.getByTestId('script-arg'), { target: { value: '--cycles=2' } });
    fireEvent.change(screen.getByTestId('script-log-mode'), { target: { value: 'file' } });
    fireEvent.click(screen.getAllByTestId('smurf-slot')[0]);
    setLockLevel('operate');
    fireEvent.click(screen.getByTestId('script-run'));
    expect(screen.getByTestId('script-error').textContent).toBe('log: give the path of the log file, or pick another log mode');
    fireEvent.change(screen.getByTestId('script-log-path'), { target: { value: '/tmp/hello.log' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('script-run'));
    });
    expect(station.callsTo('op:start')).toEqual([
      { address: MANAGER, op: 'run', params: { script: '/site/scripts/hello_smurf.py', args: ['--cycles=2'], log: '/tmp/hello.log', stream_ids: ['crate1slot2'] } },
    ]);
    // The controller's run appears (newer than every run known at launch) and its lines stream in.
    act(() => {
      useScriptRunsStore.getState().applyRuns([run(3, { startedAt: now })]);
      useScriptRunsStore.getState().applyOutput([line(3, 0, { text: 'hello from crate1slot2', time: now }), line(3, 1, { stream: 'stderr', text: 'oops', time: now })]);
    });
    const panel = outputPanel('crate1slot2');
    expect(panel.getAttribute('data-run-id')).toBe('3');
    const lines = within(panel).getAllByTestId('output-line');
    expect(lines.map((el) => [el.getAttribute('data-stream'), el.querySelector('.output-text')?.textContent])).toEqual([
      ['stdout', 'hello from crate1slot2'],
      ['stderr', 'oops'],
    ]);
    expect(within(panel).getByTestId('script-output-status').textContent).toMatch(/^running/);

    station.handle('op:start', () => ({ status: 0, message: '', session: managerSession('abort', {}, { status: 'starting' }) }));
    await act(async () => {
      fireEvent.click(screen.getByTestId('script-abort'));
    });
    expect(station.callsTo('op:start').at(-1)).toEqual({ address: MANAGER, op: 'abort', params: { stream_ids: ['crate1slot2'] } });
    act(() => useScriptRunsStore.getState().applyRuns([run(3, { startedAt: now, endedAt: now + 1, signal: 'SIGINT', success: false })]));
    expect(within(outputPanel('crate1slot2')).getByTestId('script-output-exit').textContent).toBe('killed (SIGINT)');
  });

  it('shows the history newest first and a clicked run’s stored output', async () => {
    renderView();
    const rows = screen.getAllByTestId('script-history-row');
    expect(rows.map((el) => el.getAttribute('data-run-id'))).toEqual(['2', '1']);
    expect([...rows[0].querySelectorAll('td')].map((td) => td.textContent)).toEqual(['hello_smurf.py', '--cycles 3', 'crate1slot2', 'run', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), '4.5 s', 'exit 0']);
    expect(within(rows[1]).getByTestId('script-history-exit').textContent).toBe('killed (SIGINT)');
    await act(async () => {
      fireEvent.click(rows[0]);
    });
    const shown = screen.getByTestId('script-history-output');
    expect(within(shown).getAllByTestId('output-line').map((el) => el.getAttribute('data-stream'))).toEqual(['stdout', 'stderr', 'stdout']);
    expect(station.callsTo('scripts:output')).toEqual([{ runId: 2, offset: 0, limit: 1000 }]);
  });
});

describe('OutputList', () => {
  afterEach(cleanup);

  it('virtualizes: 50,000 lines put only a screenful in the DOM', () => {
    const lines = Array.from({ length: 50_000 }, (_, seq) => line(1, seq, { stream: seq % 7 === 0 ? 'stderr' : 'stdout' }));
    render(<OutputList lines={lines} fallbackRect={{ width: 800, height: 280 }} />);
    const list = screen.getByTestId('output-lines');
    expect(list.getAttribute('data-lines')).toBe('50000');
    const rendered = screen.getAllByTestId('output-line');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(100);
    // The canvas keeps the full height, so the scrollbar covers every line (following the tail is checked in Chromium: jsdom has no layout).
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${50_000 * 20}px`);
    expect(rendered.filter((el) => el.getAttribute('data-stream') === 'stderr').every((el) => el.querySelector('.output-mark')?.textContent === 'err')).toBe(true);
  });
});
