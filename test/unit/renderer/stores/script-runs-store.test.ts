import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptOutputLine } from '../../../../shared/smurf.js';
import { getInitialScriptRunsState, historyRows, launchedRun, MAX_RUNS_IN_MEMORY, OUTPUT_PAGE, useScriptRunsStore } from '../../../../renderer/src/stores/script-runs-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import { FakeStation } from '../fake-station.js';
import { line, run } from '../smurf-fixtures.js';

/** A station whose store holds `count` lines for run `runId`, served in windows like scripts:output. */
function storedOutput(station: FakeStation, runId: number, count: number): void {
  const all: ScriptOutputLine[] = Array.from({ length: count }, (_, seq) => line(runId, seq));
  station.handle('scripts:output', ({ runId: id, offset = 0, limit = 1000 }) => (id === runId ? all.slice(offset, offset + limit) : []));
}

describe('script runs store', () => {
  let station: FakeStation;
  beforeEach(() => {
    station = new FakeStation();
    setStationApi(station);
    useScriptRunsStore.setState(getInitialScriptRunsState());
  });
  afterEach(() => useScriptRunsStore.setState(getInitialScriptRunsState()));

  it('loads history newest first, merges pushed runs by id and pages older runs', async () => {
    station.handle('scripts:history', ({ before } = { limit: 100 }) =>
      before === undefined ? Array.from({ length: 100 }, (_, i) => run(200 - i)) : [run(50), run(49)],
    );
    await useScriptRunsStore.getState().loadHistory();
    expect(useScriptRunsStore.getState().hasMore).toBe(true);
    useScriptRunsStore.getState().applyRuns([run(201), run(200, { endedAt: 1_010, exitCode: 0, success: true })]);
    await useScriptRunsStore.getState().loadMore();
    expect(station.callsTo('scripts:history')).toEqual([{ limit: 100 }, { limit: 100, before: 101 }]);
    const rows = historyRows(useScriptRunsStore.getState().runs);
    expect(rows.slice(0, 2).map((r) => [r.id, r.exitCode])).toEqual([
      [201, null],
      [200, 0],
    ]);
    expect(rows.at(-1)?.id).toBe(49);
    expect(useScriptRunsStore.getState().hasMore).toBe(false);
  });

  it("viewing a run pages its whole stored output in; live lines then continue it", async () => {
    storedOutput(station, 7, 2_500);
    useScriptRunsStore.getState().view(7);
    await expect.poll(() => useScriptRunsStore.getState().output.get(7)?.length).toBe(2_500);
    expect(station.callsTo('scripts:output')).toEqual([
      { runId: 7, offset: 0, limit: OUTPUT_PAGE },
      { runId: 7, offset: 1000, limit: OUTPUT_PAGE },
      { runId: 7, offset: 2000, limit: OUTPUT_PAGE },
    ]);
    useScriptRunsStore.getState().applyOutput([line(7, 2_500), line(7, 2_499)]);
    expect(useScriptRunsStore.getState().output.get(7)?.length).toBe(2_501);
  });

  it('fills a gap in the pushed lines (page opened mid-run, or pushes lost while the bridge was down)', async () => {
    storedOutput(station, 3, 12);
    useScriptRunsStore.getState().applyOutput([line(3, 10), line(3, 11)]);
    await expect.poll(() => useScriptRunsStore.getState().output.get(3)?.map((l) => l.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('finds the run a launch started per slot: newer than every run known at launch', () => {
    useScriptRunsStore.getState().applyRuns([run(5, { streamId: 'crate1slot2' })]);
    useScriptRunsStore.getState().markLaunch();
    const { runs, launchAfter } = useScriptRunsStore.getState();
    expect(launchAfter).toBe(5);
    expect(launchedRun(runs, launchAfter, 'crate1slot2')).toBeNull();
    useScriptRunsStore.getState().applyRuns([run(6, { streamId: 'crate1slot3' }), run(7, { streamId: 'crate1slot2', op: 'take_iv' }), run(8, { streamId: 'crate1slot2' })]);
    const after = useScriptRunsStore.getState().runs;
    expect(launchedRun(after, 5, 'crate1slot2')?.id).toBe(8);
    expect(launchedRun(after, 5, 'crate1slot3')?.id).toBe(6);
    expect(launchedRun(after, null, 'crate1slot3')).toBeNull();
  });

  it('keeps the output of a bounded number of runs in memory, never dropping the one viewed', () => {
    useScriptRunsStore.setState({ viewed: 1 });
    for (let id = 1; id <= MAX_RUNS_IN_MEMORY + 5; id += 1) useScriptRunsStore.getState().applyOutput([line(id, 0)]);
    const kept = [...useScriptRunsStore.getState().output.keys()];
    expect(kept).toHaveLength(MAX_RUNS_IN_MEMORY);
    expect(kept).toContain(1);
    expect(kept).toContain(MAX_RUNS_IN_MEMORY + 5);
    expect(kept).not.toContain(2);
  });

  it('records a failed output fetch for the view', async () => {
    station.handle('scripts:output', () => {
      throw new Error('scripts:output: no run 99');
    });
    useScriptRunsStore.getState().view(99);
    await expect.poll(() => useScriptRunsStore.getState().outputError).toBe('run 99: scripts:output: no run 99');
  });

  it('marks a resumed launch by its start time: its runs are the ones started since, with their output fetched', async () => {
    station.handle('scripts:history', () => [run(12, { startedAt: 2_001, streamId: 'crate1slot3' }), run(11, { startedAt: 2_000 }), run(10, { startedAt: 1_500 })]);
    storedOutput(station, 11, 3);
    await useScriptRunsStore.getState().markLaunchSince(2_000);
    const { runs, launchAfter, output } = useScriptRunsStore.getState();
    expect(launchAfter).toBe(10);
    expect(launchedRun(runs, launchAfter, 'crate1slot2')?.id).toBe(11);
    expect(launchedRun(runs, launchAfter, 'crate1slot3')?.id).toBe(12);
    expect(output.get(11)?.map((l) => l.seq)).toEqual([0, 1, 2]);
  });
});
