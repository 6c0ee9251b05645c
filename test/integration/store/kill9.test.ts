/**
 * "Nothing lost on kill -9": a child process writes runs, output lines and data files into a real
 * store file and prints each record once committed; the test SIGKILLs it mid-stream, then checks the
 * file is intact, every printed record is there, and no run is half-written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStationStore, STORE_FILE_NAME } from '../../../main/store/index.js';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitFor } from '../../helpers/net.js';

const WRITER = fileURLToPath(new URL('../../helpers/kill9-writer.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Reported {
  runs: Set<number>;
  ended: Map<number, number>;
  lastSeq: Map<number, number>;
  files: Map<number, string>;
}

function reported(lines: string[]): Reported {
  const result: Reported = { runs: new Set(), ended: new Map(), lastSeq: new Map(), files: new Map() };
  for (const line of lines) {
    const [kind, a, b] = line.split(' ');
    if (kind === 'run') result.runs.add(Number(a));
    else if (kind === 'end') result.ended.set(Number(a), Number(b));
    else if (kind === 'lines') result.lastSeq.set(Number(a), Math.max(Number(b), result.lastSeq.get(Number(a)) ?? -1));
    else if (kind === 'file') result.files.set(Number(a), b);
  }
  return result;
}

describe('station store under kill -9', () => {
  it.each([1, 2, 3])('keeps every committed record and no half-written rows (round %i)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-kill9-'));
    dirs.push(dir);
    const writer = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    // readline joins lines split across pipe reads; the writer prints a lot, fast.
    const lines: string[] = [];
    createInterface({ input: writer.stdout! }).on('line', (line) => lines.push(line));
    const closed = new Promise((resolve) => writer.once('close', resolve));
    await waitFor(() => lines.includes('writer ready'), 20_000, 'the writer to start');
    // Let it get well into the stream (several runs ended, one half-way) before killing it.
    await waitFor(() => reported(lines).ended.size >= 3, 20_000, 'runs to end');
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 200));
    writer.kill('SIGKILL');
    await closed;
    const seen = reported(lines);
    expect(writer.signalCode).toBe('SIGKILL');

    const db = new Database(join(dir, STORE_FILE_NAME), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const runs = db.prepare('SELECT id, ended_at, exit_code, success, lines FROM script_runs ORDER BY id').all() as Array<{ id: number; ended_at: number | null; exit_code: number | null; success: number | null; lines: number }>;
    const byId = new Map(runs.map((run) => [run.id, run]));
    const outputOf = db.prepare('SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM script_output WHERE run_id = ?');

    for (const id of seen.runs) expect(byId.has(id), `run ${id} was reported`).toBe(true);
    for (const [id, exitCode] of seen.ended) expect(byId.get(id)).toMatchObject({ exit_code: exitCode, success: exitCode === 0 ? 1 : 0 });
    for (const [id, lastSeq] of seen.lastSeq) expect(byId.get(id)!.lines, `run ${id} lines`).toBeGreaterThan(lastSeq);
    for (const run of runs) {
      const output = outputOf.get(run.id) as { n: number; lo: number | null; hi: number | null };
      // Contiguous 0..n-1 and in step with the run's counter: no batch is half there.
      expect(output.n, `run ${run.id} output rows vs lines column`).toBe(run.lines);
      if (output.n > 0) expect([output.lo, output.hi]).toEqual([0, output.n - 1]);
      expect(run.ended_at === null, `run ${run.id} end fields`).toBe(run.success === null);
    }
    const files = new Map((db.prepare('SELECT id, path FROM data_files').all() as Array<{ id: number; path: string }>).map((row) => [row.id, row.path]));
    for (const [id, path] of seen.files) expect(files.get(id)).toBe(path);
    const open = runs.filter((run) => run.ended_at === null).map((run) => run.id);
    db.close();

    expect(seen.runs.size).toBeGreaterThan(3);
    expect(seen.files.size).toBeGreaterThan(0);
    // Reopening closes the run the killed writer left open, as failed.
    const store = openStationStore(dir);
    for (const id of open) expect(store.scriptRuns.get(id)).toMatchObject({ success: false, exitCode: null });
    expect(store.scriptRuns.history(1000).every((run) => run.endedAt !== null)).toBe(true);
    store.close();
  });
});
