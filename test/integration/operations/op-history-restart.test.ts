/**
 * The operation monitor over real sockets (embedded router, demo agents, the station's own session):
 * tasks run, their op-code changes are recorded in the store, and after the station restarts on the
 * same data dir ops:timeline returns exactly the history recorded before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpReplyView } from '../../../shared/ipc.js';
import { segmentsFrom, type OpGridRow, type OpHistoryRecord, type OpTimeline } from '../../../shared/operations.js';
import { createStation, type Station } from '../../../main/station/index.js';
import { waitFor } from '../../helpers/net.js';

const HWP = 'observatory.demo-hwp';
const THERMO = 'observatory.demo-thermo';
const dataDir = mkdtempSync(join(tmpdir(), 'station-ops-history-'));
let station: Station | null = null;

afterAll(async () => {
  await station?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function value<T>(channel: string, request?: unknown): Promise<T> {
  const envelope = await station!.table.invoke(channel, request);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

const codeOf = (timeline: OpTimeline, agent: string, op: string) => timeline.strips.find((s) => s.agent === agent && s.op === op)?.segments.map((s) => s[2]) ?? [];

describe('operation monitor history across a station restart', () => {
  it('records the task runs and returns the same timeline after a restart', async () => {
    const started = Date.now() / 1000;
    station = await createStation({ mode: 'headless', wampPort: 0, smurf: false, dataDir });
    const pushed: OpHistoryRecord[] = [];
    station.table.onPush((channel, payload) => channel === 'ops:changes' && pushed.push(...(payload as OpHistoryRecord[])));
    await waitFor(async () => (await value<OpGridRow[]>('ops:grid')).some((row) => row.address === HWP && row.ops.fail_on_purpose?.code === 1), 10_000, 'demo-hwp in the grid');

    // A failing task and a succeeding one; their replies give the recorder the sessions.
    expect((await value<OpReplyView>('op:start', { address: HWP, op: 'fail_on_purpose' })).status).toBe(0);
    expect((await value<OpReplyView>('op:start', { address: THERMO, op: 'calibrate', params: { duration: 1 } })).status).toBe(0);
    await value('op:wait', { address: HWP, op: 'fail_on_purpose', timeout: 10 });
    await value('op:wait', { address: THERMO, op: 'calibrate', timeout: 10 });
    const window = { from: started - 5, to: 0 };
    await waitFor(async () => {
      const timeline = await value<OpTimeline>('ops:timeline', { from: window.from, to: Date.now() / 1000 });
      return codeOf(timeline, HWP, 'fail_on_purpose').at(-1) === 6 && codeOf(timeline, THERMO, 'calibrate').at(-1) === 5;
    }, 10_000, 'FAILED and SUCCEEDED in the timeline');
    // Past the last change by a margin; the window is then closed and must not change after the restart.
    await new Promise((resolve) => setTimeout(resolve, 300));
    window.to = Date.now() / 1000;
    const before = await value<OpTimeline>('ops:timeline', window);

    // NONE before the run, FAILED at the end (STARTING/RUNNING show when a heartbeat caught them).
    expect(codeOf(before, HWP, 'fail_on_purpose')[0]).toBe(1);
    expect(codeOf(before, HWP, 'fail_on_purpose').at(-1)).toBe(6);
    expect(codeOf(before, THERMO, 'calibrate')[0]).toBe(1);
    expect(before.truncated).toBe(false);
    const grid = await value<OpGridRow[]>('ops:grid');
    expect(grid.find((row) => row.address === HWP)?.ops.fail_on_purpose.code).toBe(6);

    // The pushes carried what the store holds, and the failed run's change has its session.
    const failed = pushed.find((record) => record.agent === HWP && record.op === 'fail_on_purpose' && record.code === 6)!;
    expect(failed).toBeDefined();
    const stored = await value<OpHistoryRecord>('ops:record', { id: failed.id });
    expect(stored).toMatchObject({ agent: HWP, agentClass: 'DemoHWPRotation', op: 'fail_on_purpose', code: 6, status: 'done' });
    expect(stored.sessionId).toEqual(expect.any(Number));
    expect(stored.endedAt).toEqual(expect.any(Number));

    // Segments rebuilt from the recorded rows (the store's own file) equal the timeline.
    const recorded = station.store.opHistory.changes(0, window.to).filter((r) => r.agent === HWP && r.op === 'fail_on_purpose');
    const entering = recorded.filter((r) => r.at <= window.from).at(-1) ?? null;
    const inside = recorded.filter((r) => r.at > window.from);
    expect(before.strips.find((s) => s.agent === HWP && s.op === 'fail_on_purpose')!.segments).toEqual(segmentsFrom(entering, inside, window.from, window.to));

    await station.close();
    station = await createStation({ mode: 'headless', wampPort: 0, smurf: false, dataDir });
    await waitFor(async () => (await value<OpGridRow[]>('ops:grid')).some((row) => row.address === HWP), 10_000, 'demo-hwp back in the grid');
    const after = await value<OpTimeline>('ops:timeline', window);
    expect(after).toEqual(before);
    // The new demo agents start idle: the restarted station records fail_on_purpose going back to NONE, after the window.
    await waitFor(async () => codeOf(await value<OpTimeline>('ops:timeline', { from: window.from, to: Date.now() / 1000 }), HWP, 'fail_on_purpose').at(-1) === 1, 10_000, 'NONE after the restart');
    expect(await value<OpTimeline>('ops:timeline', window)).toEqual(before);
  }, 60_000);
});
