import { beforeEach, describe, expect, it } from 'vitest';
import { BLOCK_LINES } from '../../../../renderer/src/logic/logs-window-cache.js';
import { cacheOf, getInitialLogsState, rowAt, rowCount, useLogsStore } from '../../../../renderer/src/stores/logs-store.js';
import { setStationApi } from '../../../../renderer/src/stores/station.js';
import type { FakeStation } from '../fake-station.js';
import { FakeLog, logStation, makeLine, OTHER, SOURCE } from '../logs-fixtures.js';

const tab = () => useLogsStore.getState().tabs[0];
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('logs store', () => {
  let log: FakeLog;
  let station: FakeStation;
  beforeEach(async () => {
    useLogsStore.setState(getInitialLogsState());
    log = new FakeLog(10_000);
    station = logStation(log);
    setStationApi(station);
    await useLogsStore.getState().loadSources();
    await useLogsStore.getState().openSource(SOURCE.id);
  });

  it('opens a tab that follows its source and requests only the windows in view', async () => {
    expect(station.callsTo('logs:follow')).toEqual([{ sourceId: SOURCE.id, follow: true }]);
    expect(tab()).toMatchObject({ title: 'app.log', follow: { mode: 'following' } });
    expect(rowCount(tab())).toBe(10_000);
    useLogsStore.getState().ensureRows(SOURCE.id, 9_960, 9_999);
    useLogsStore.getState().ensureRows(SOURCE.id, 9_960, 9_999); // in flight: not asked twice
    await settle();
    expect(station.callsTo('logs:window')).toEqual([{ sourceId: SOURCE.id, fromLine: 9_751, count: BLOCK_LINES }]);
    expect(rowAt(tab(), 9_999)?.text).toBe(makeLine(10_000).text);
    useLogsStore.getState().ensureRows(SOURCE.id, 9_970, 9_999);
    expect(station.callsTo('logs:window')).toHaveLength(1);
  });

  it('appends pushed lines while following; counts them once the user scrolled up; resumes at the bottom', async () => {
    useLogsStore.getState().ensureRows(SOURCE.id, 9_960, 9_999);
    await settle();
    const push = (from: number, count: number) => {
      log.total = from + count - 1;
      useLogsStore.getState().applyAppended([{ ...log.state(), sourceId: SOURCE.id, newLines: Array.from({ length: count }, (_, i) => makeLine(from + i)), added: count, reset: false }]);
    };
    push(10_001, 5);
    expect(rowCount(tab())).toBe(10_005);
    expect(rowAt(tab(), 10_004)?.n).toBe(10_005);
    expect(tab().follow).toEqual({ mode: 'following' });
    useLogsStore.getState().followEvent(SOURCE.id, { type: 'scrolled', atBottom: false });
    push(10_006, 3);
    push(10_009, 4);
    expect(tab().follow).toEqual({ mode: 'paused', newLines: 7 });
    useLogsStore.getState().followEvent(SOURCE.id, { type: 'scrolled', atBottom: true });
    expect(tab().follow).toEqual({ mode: 'following' });
  });

  it('shows a notice and drops the cached lines when the file was truncated', async () => {
    useLogsStore.getState().ensureRows(SOURCE.id, 0, 10);
    await settle();
    expect(cacheOf(SOURCE.id).size).toBe(1);
    log.total = 3;
    log.truncations = 1;
    useLogsStore.getState().applyAppended([{ ...log.state(), sourceId: SOURCE.id, newLines: [makeLine(1), makeLine(2), makeLine(3)], added: 3, reset: true }]);
    expect(cacheOf(SOURCE.id).size).toBe(0);
    expect(tab().notices.map((n) => n.text)).toEqual([expect.stringMatching(/^The file was truncated at .*: reading it again from the start\.$/)]);
    expect(rowCount(tab())).toBe(3);
  });

  it('filters by level with forward pages from main', async () => {
    useLogsStore.getState().setLevels(SOURCE.id, ['ERROR']);
    await settle();
    expect(station.callsTo('logs:window').at(-1)).toEqual({ sourceId: SOURCE.id, fromLine: 1, count: 500, levels: ['ERROR'] });
    expect(rowCount(tab())).toBe(500);
    expect(rowAt(tab(), 0)?.n).toBe(10);
    useLogsStore.getState().ensureRows(SOURCE.id, 450, 499);
    await settle();
    expect(rowCount(tab())).toBe(1000);
    // Main read past the last line: the list is complete and asks for no more.
    useLogsStore.getState().ensureRows(SOURCE.id, 950, 999);
    expect(station.callsTo('logs:window')).toHaveLength(2);
    expect(tab().paged?.done).toBe(true);
    useLogsStore.getState().setLevels(SOURCE.id, []);
    expect(tab().paged).toBeNull();
  });

  it('lists the filtered tail of a long file while following, and from the start on request', async () => {
    log.total = 1_000_000;
    await useLogsStore.getState().reconnect();
    useLogsStore.getState().setLevels(SOURCE.id, ['ERROR']);
    expect(station.callsTo('logs:window').at(-1)).toMatchObject({ fromLine: 950_001, levels: ['ERROR'] });
    await settle();
    expect(rowAt(tab(), 0)?.n).toBe(950_010);
    useLogsStore.getState().setLevels(SOURCE.id, ['ERROR'], true);
    expect(station.callsTo('logs:window').at(-1)).toMatchObject({ fromLine: 1 });
    expect(tab().follow.mode).toBe('paused');
  });

  it('counts matches in main, steps with next/previous and scrolls to the match', async () => {
    useLogsStore.getState().setQuery(SOURCE.id, { text: 'message 99' });
    await useLogsStore.getState().runSearch(SOURCE.id);
    // message 99, 990…999, 9900…9999
    expect(tab().search).toMatchObject({ total: 111, done: true });
    await useLogsStore.getState().stepSearch(SOURCE.id, 1, 0);
    expect(tab().scrollTo?.row).toBe(98);
    expect(tab().follow.mode).toBe('paused');
    await useLogsStore.getState().stepSearch(SOURCE.id, -1, 0);
    expect(tab().scrollTo?.row).toBe(9_998);
    expect(tab().selection).toEqual({ anchor: 9_998, focus: 9_998 });
  });

  it('reports a bad regex without asking main', async () => {
    useLogsStore.getState().setQuery(SOURCE.id, { text: '(', regex: true });
    await useLogsStore.getState().runSearch(SOURCE.id);
    expect(tab().search.error).toMatch(/\(/);
    expect(station.callsTo('logs:search')).toEqual([]);
  });

  it('merges several sources into one tab, tagged by source, and stops following on close', async () => {
    await useLogsStore.getState().openMerged([SOURCE.id, OTHER.id]);
    const merged = useLogsStore.getState().tabs[1];
    expect(merged).toMatchObject({ kind: 'merged', title: 'merged: app.log + fastmon' });
    expect(merged.paged?.lines.map((line) => ('sourceId' in line ? line.sourceId : null))).toEqual([SOURCE.id, OTHER.id, SOURCE.id, OTHER.id, SOURCE.id, OTHER.id]);
    useLogsStore.getState().closeTab(merged.id);
    // app.log is still open in its own tab: only fastmon stops.
    expect(station.callsTo('logs:follow').at(-1)).toEqual({ sourceId: OTHER.id, follow: false });
    expect(useLogsStore.getState().active).toBe(SOURCE.id);
  });
});
