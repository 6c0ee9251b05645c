/**
 * Fast-monitoring samples under kill -9: a child process records STF samples (every STF with its own,
 * known number of TF rows) as fast as it can and prints each once committed; the test SIGKILLs it
 * mid-stream, then checks every STF has none or all of its TF rows, no tf_filename is there twice,
 * and a restarted writer re-sampling from the start completes the data without duplicating any of it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { STORE_FILE_NAME } from '../../../main/store/index.js';
import { waitFor } from '../../helpers/net.js';

const STORE_MODULE = new URL('../../../main/store/index.ts', import.meta.url).href;
const RUN = 100010;
/** TF rows of STF `sequence`: 5 to 40, so samples differ in size and a kill lands mid-transaction at different rows. */
const tfsOf = (sequence: number) => 5 + (sequence % 8) * 5;

/**
 * The writer, run with `node --import tsx` as an ES module (argv: data dir, first sequence, last sequence or
 * 'forever'). It is inline because it only needs the store; stdout on a pipe is synchronous on Linux, so a
 * printed `stf` line is a committed sample.
 */
const WRITER = `
  const { openStationStore } = await import(${JSON.stringify(STORE_MODULE)});
  const [dir, from, to] = process.argv.slice(1);
  const store = openStationStore(dir);
  const tfsOf = ${tfsOf.toString()};
  process.stdout.write('writer ready\\n');
  for (let seq = Number(from); to === 'forever' || seq <= Number(to); seq++) {
    const filename = 'swf.${RUN}.' + String(seq).padStart(6, '0') + '.stf';
    const tfs = Array.from({ length: tfsOf(seq) }, (_, i) => ({
      tfFilename: filename.replace(/\\.stf$/, '') + '.tf' + i + '.tf', sequenceNumber: i, tfFirst: i * 100, tfLast: i * 100 + 99, tfCount: 100,
      sizeBytes: 4096, metadata: { i, padding: 'x'.repeat(2000) },
    }));
    const result = store.testbed.recordStfSample({
      stf: { filename, runNumber: ${RUN}, executionId: 'fast_processing-alice-0001', namespace: 'ns', sizeBytes: null, sequence: seq }, tfs, agentName: 'fastmon-agent',
    });
    process.stdout.write('stf ' + seq + ' ' + result.inserted.length + ' ' + result.existing + '\\n');
  }
  store.close();
  process.stdout.write('writer done\\n');
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function startWriter(dir: string, from: number, to: number | 'forever') {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER, dir, String(from), String(to)], {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // readline joins lines split across pipe reads.
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const committed = () => lines.filter((line) => line.startsWith('stf ')).map((line) => line.split(' ').slice(1).map(Number) as [number, number, number]);
  return { child, lines, closed, committed };
}

/** Per STF filename, its TF row count; plus any tf_filename stored twice and STF rows without a sample. */
function inspect(dir: string) {
  const db = new Database(join(dir, STORE_FILE_NAME), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const perStf = new Map((db.prepare('SELECT stf_filename AS f, count(*) AS n FROM fastmon_tf_files GROUP BY stf_filename').all() as Array<{ f: string; n: number }>).map((r) => [r.f, r.n]));
  const duplicates = db.prepare('SELECT tf_filename FROM fastmon_tf_files GROUP BY tf_filename HAVING count(*) > 1').all();
  const stfRows = (db.prepare('SELECT filename FROM testbed_stf_files').pluck().all() as string[]);
  db.close();
  return { perStf, duplicates, stfRows };
}

const sequenceOf = (filename: string) => Number(/^swf\.\d+\.(\d+)\.stf$/.exec(filename)![1]);

describe('fastmon samples under kill -9', () => {
  it.each([1, 2, 3])('leave every STF with none or all of its TF rows, never duplicated (round %i)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-fastmon-kill-'));
    dirs.push(dir);
    const writer = startWriter(dir, 1, 'forever');
    await waitFor(() => writer.lines.includes('writer ready'), 20_000, 'the writer to start');
    await waitFor(() => writer.committed().length >= 20, 20_000, 'samples to commit');
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 100));
    writer.child.kill('SIGKILL');
    await writer.closed;
    expect(writer.child.signalCode).toBe('SIGKILL');

    const afterKill = inspect(dir);
    expect(afterKill.duplicates).toEqual([]);
    for (const [filename, rows] of afterKill.perStf) expect(rows, `${filename} TF rows`).toBe(tfsOf(sequenceOf(filename)));
    // The STF registration is in the same transaction: no STF row without its sample.
    expect(afterKill.stfRows.sort()).toEqual([...afterKill.perStf.keys()].sort());
    for (const [seq, inserted] of writer.committed()) {
      expect(inserted, `STF ${seq} inserted`).toBe(tfsOf(seq));
      expect(afterKill.perStf.has(`swf.${RUN}.${String(seq).padStart(6, '0')}.stf`), `committed STF ${seq} is there`).toBe(true);
    }
    const last = Math.max(...writer.committed().map(([seq]) => seq));

    // A restarted agent re-samples from the start: what was there is reported existing, the rest completes.
    const restart = startWriter(dir, 1, last + 3);
    await restart.closed;
    expect(restart.lines.at(-1)).toBe('writer done');
    for (const [seq, inserted, existing] of restart.committed()) {
      expect(inserted + existing, `STF ${seq} on restart`).toBe(tfsOf(seq));
      if (seq <= last) expect(inserted, `STF ${seq} was committed before the kill`).toBe(0);
    }
    const final = inspect(dir);
    expect(final.duplicates).toEqual([]);
    expect(final.perStf.size).toBe(last + 3);
    for (const [filename, rows] of final.perStf) expect(rows, `${filename} TF rows`).toBe(tfsOf(sequenceOf(filename)));
  }, 60_000);
});
