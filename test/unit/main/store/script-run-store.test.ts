import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStationStore, type StoreChange } from '../../../../main/store/index.js';
import { tempDirs } from './store-helpers.js';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

const RUN = { controller: 'observatory.pysmurf-controller-c1s2', streamId: 'crate1slot2', op: 'run', script: '/scripts/tune.py', args: ['--band', '3'], log: true, startedAt: 1000.5 };

describe('ScriptRunStore as the recorder', () => {
  it('round-trips a run: begin, lines from both streams, end', () => {
    const store = openStationStore(dirs.make());
    const id = store.scriptRuns.begin(RUN);
    expect(store.scriptRuns.get(id)).toEqual({ id, ...RUN, endedAt: null, exitCode: null, signal: null, success: null, lines: 0 });
    store.scriptRuns.line(id, 'stdout', 'tuning band 3', 1001);
    store.scriptRuns.line(id, 'stderr', 'warning: low amplitude', 1001.5);
    store.scriptRuns.line(id, 'stdout', 'done', 1002);
    store.scriptRuns.end(id, { endedAt: 1003, exitCode: 0, signal: null, success: true });
    expect(store.scriptRuns.get(id)).toMatchObject({ endedAt: 1003, exitCode: 0, signal: null, success: true, lines: 3 });
    expect(store.scriptRuns.output(id)).toEqual([
      { runId: id, seq: 0, stream: 'stdout', time: 1001, text: 'tuning band 3' },
      { runId: id, seq: 1, stream: 'stderr', time: 1001.5, text: 'warning: low amplitude' },
      { runId: id, seq: 2, stream: 'stdout', time: 1002, text: 'done' },
    ]);
    store.close();
  });

  it('keeps log paths, signals and failures as given', () => {
    const store = openStationStore(dirs.make());
    const id = store.scriptRuns.begin({ ...RUN, log: '/tmp/run.log', args: [] });
    store.scriptRuns.end(id, { endedAt: 1001, exitCode: null, signal: 'SIGINT', success: false });
    expect(store.scriptRuns.get(id)).toMatchObject({ log: '/tmp/run.log', args: [], exitCode: null, signal: 'SIGINT', success: false });
    expect(store.scriptRuns.get(id + 100)).toBeNull();
    store.close();
  });

  it('batches output lines: committed after the flush interval, or at once when a batch is full', async () => {
    const store = openStationStore(dirs.make(), { flushIntervalMs: 40, flushLines: 5 });
    const reader = new Database(store.path, { readonly: true });
    const committed = () => (reader.prepare('SELECT count(*) AS n FROM script_output').get() as { n: number }).n;
    const id = store.scriptRuns.begin(RUN);
    for (let i = 0; i < 3; i++) store.scriptRuns.line(id, 'stdout', `line ${i}`, 1000 + i);
    expect(committed()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(committed()).toBe(3);
    for (let i = 3; i < 8; i++) store.scriptRuns.line(id, 'stdout', `line ${i}`, 1000 + i);
    expect(committed()).toBe(8);
    reader.close();
    store.close();
  });

  it('pages output by line number', () => {
    const store = openStationStore(dirs.make());
    const id = store.scriptRuns.begin(RUN);
    for (let i = 0; i < 1000; i++) store.scriptRuns.line(id, i % 7 === 0 ? 'stderr' : 'stdout', `line ${i}`, 1000 + i / 10);
    const page = store.scriptRuns.output(id, 250, 100);
    expect(page).toHaveLength(100);
    expect(page[0]).toMatchObject({ seq: 250, text: 'line 250', stream: 'stdout' });
    expect(page.at(-1)).toMatchObject({ seq: 349, text: 'line 349', stream: 'stdout' });
    expect(page[93]).toMatchObject({ seq: 343, stream: 'stderr' });
    expect(store.scriptRuns.output(id, 990, 100).map((line) => line.seq)).toEqual([990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
    expect(store.scriptRuns.output(id, 5000)).toEqual([]);
    expect(store.scriptRuns.get(id)!.lines).toBe(1000);
    store.close();
  });

  it('lists history newest first, with a before-id cursor', () => {
    const store = openStationStore(dirs.make());
    const ids = [1, 2, 3, 4, 5].map((n) => store.scriptRuns.begin({ ...RUN, script: `/scripts/s${n}.py`, startedAt: 1000 + n }));
    expect(store.scriptRuns.history(3).map((run) => run.script)).toEqual(['/scripts/s5.py', '/scripts/s4.py', '/scripts/s3.py']);
    expect(store.scriptRuns.history(10, ids[2]).map((run) => run.id)).toEqual([ids[1], ids[0]]);
    store.close();
  });

  it('announces run begin/end and committed output batches', () => {
    const store = openStationStore(dirs.make());
    const events: StoreChange[] = [];
    const unsubscribe = store.onChange((event) => events.push(event));
    const id = store.scriptRuns.begin(RUN);
    store.scriptRuns.line(id, 'stdout', 'hello', 1001);
    store.scriptRuns.end(id, { endedAt: 1002, exitCode: 3, signal: null, success: false });
    expect(events.map((event) => event.kind)).toEqual(['run', 'output', 'run']);
    expect(events[0]).toMatchObject({ kind: 'run', run: { id, endedAt: null } });
    expect(events[1]).toEqual({ kind: 'output', lines: [{ runId: id, seq: 0, stream: 'stdout', time: 1001, text: 'hello' }] });
    expect(events[2]).toMatchObject({ kind: 'run', run: { id, exitCode: 3, success: false, lines: 1 } });
    unsubscribe();
    store.scriptRuns.begin(RUN);
    expect(events).toHaveLength(3);
    store.close();
  });

  it('a throwing listener is reported and does not break the write', () => {
    const errors: unknown[] = [];
    const store = openStationStore(dirs.make(), { onError: (error) => errors.push(error) });
    store.onChange(() => {
      throw new Error('listener bug');
    });
    const id = store.scriptRuns.begin(RUN);
    expect(store.scriptRuns.get(id)).not.toBeNull();
    expect(String(errors[0])).toMatch(/listener bug/);
    store.close();
  });

  it('refuses bad input with a message naming the field, and lines for runs that are not open', () => {
    const store = openStationStore(dirs.make());
    expect(() => store.scriptRuns.begin({ ...RUN, args: [1 as unknown as string] })).toThrow(/"args" must be an array of strings/);
    expect(() => store.scriptRuns.begin({ ...RUN, streamId: '' })).toThrow(/"streamId" must be a non-empty string/);
    expect(() => store.scriptRuns.line(42, 'stdout', 'x', 1)).toThrow(/script run 42 is not open/);
    const id = store.scriptRuns.begin(RUN);
    expect(() => store.scriptRuns.line(id, 'stdin' as 'stdout', 'x', 1)).toThrow(/stdout or stderr/);
    expect(() => store.scriptRuns.end(id, { endedAt: NaN, exitCode: 0, signal: null, success: true })).toThrow(/"endedAt" must be a finite number/);
    store.scriptRuns.end(id, { endedAt: 1001, exitCode: 0, signal: null, success: true });
    // A line racing its run's end is dropped and counted, not thrown at the script's output handler.
    store.scriptRuns.line(id, 'stdout', 'late', 1002);
    expect(store.scriptRuns.lateLines).toBe(1);
    expect(store.scriptRuns.get(id)!.lines).toBe(0);
    store.close();
    expect(() => store.scriptRuns.begin(RUN)).toThrow(/closed/);
  });

  it('cuts very long lines, noting how much was cut', () => {
    const store = openStationStore(dirs.make(), { maxLineChars: 10 });
    const id = store.scriptRuns.begin(RUN);
    store.scriptRuns.line(id, 'stdout', 'x'.repeat(25), 1001);
    expect(store.scriptRuns.output(id)[0].text).toBe(`${'x'.repeat(10)} … [15 more characters cut]`);
    store.close();
  });

  it('commits queued lines on close', () => {
    const dir = dirs.make();
    const store = openStationStore(dir, { flushIntervalMs: 60_000 });
    const id = store.scriptRuns.begin(RUN);
    store.scriptRuns.line(id, 'stdout', 'queued', 1001);
    store.close();
    const again = openStationStore(dir);
    expect(again.scriptRuns.output(id).map((line) => line.text)).toEqual(['queued']);
    again.close();
  });

  it('closes runs left open by a process that no longer exists, as failed at their last line', () => {
    const dir = dirs.make();
    const store = openStationStore(dir);
    const id = store.scriptRuns.begin(RUN);
    store.scriptRuns.line(id, 'stdout', 'last words', 1007);
    store.scriptRuns.flush();
    const other = store.scriptRuns.begin(RUN);
    store.close();
    // Pretend a dead process recorded the first run and a live one the second.
    const db = new Database(join(dir, 'station.sqlite'));
    db.prepare('UPDATE script_runs SET pid = ? WHERE id = ?').run(2 ** 22 + 12345, id);
    db.prepare('UPDATE script_runs SET pid = ? WHERE id = ?').run(1, other);
    db.close();
    const reopened = openStationStore(dir);
    expect(reopened.scriptRuns.get(id)).toMatchObject({ endedAt: 1007, success: false, exitCode: null, lines: 1 });
    expect(reopened.scriptRuns.get(other)).toMatchObject({ endedAt: null, success: null });
    reopened.close();
  });
});
