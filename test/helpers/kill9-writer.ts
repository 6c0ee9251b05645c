/**
 * Child process of the store's kill -9 test: writes script runs, output lines and data files into
 * the station store in `process.argv[2]` as fast as it can, and prints each record only after it
 * was committed (stdout on a pipe is synchronous on Linux, so a printed record is a committed one):
 *   `run <id>`, `lines <runId> <lastSeq>`, `end <id> <exitCode>`, `file <id> <path>`.
 */
import { openStationStore } from '../../main/store/index.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: kill9-writer <data dir>');
const store = openStationStore(dir, { flushIntervalMs: 10, flushLines: 200 });
const say = (line: string) => process.stdout.write(`${line}\n`);

store.onChange((event) => {
  if (event.kind !== 'output') return;
  const last = new Map<number, number>();
  for (const line of event.lines) last.set(line.runId, Math.max(line.seq, last.get(line.runId) ?? -1));
  for (const [runId, seq] of last) say(`lines ${runId} ${seq}`);
});

let serial = 0;
const begin = () => {
  const id = store.scriptRuns.begin({ controller: 'observatory.pysmurf-controller-c1s2', streamId: 'crate1slot2', op: 'run', script: `/scripts/s${serial++}.py`, args: ['--n', String(serial)], log: true, startedAt: Date.now() / 1000 });
  say(`run ${id}`);
  return id;
};

let runId = begin();
let written = 0;
const step = () => {
  for (let i = 0; i < 40; i++) store.scriptRuns.line(runId, i % 5 === 0 ? 'stderr' : 'stdout', `run ${runId} line ${written++} ${'~'.repeat(i * 3)}`, Date.now() / 1000);
  if (written >= 600) {
    const exitCode = runId % 3 === 0 ? 1 : 0;
    store.scriptRuns.end(runId, { endedAt: Date.now() / 1000, exitCode, signal: null, success: exitCode === 0 });
    say(`end ${runId} ${exitCode}`);
    runId = begin();
    written = 0;
  }
  if (Math.random() < 0.3) {
    const file = store.dataFiles.add({ path: `/data/smurf/17000/crate1slot2/f${serial}_${written}.npy`, type: 'iv', format: 'npy', action: 'take_iv', actionTs: '1700000000', plot: false, pubId: 'crate1slot2', timestamp: Date.now() / 1000, receivedAt: Date.now() / 1000, source: 'data_file' });
    say(`file ${file.id} ${file.path}`);
  }
  setImmediate(step);
};
say('writer ready');
step();
