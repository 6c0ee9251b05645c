/**
 * STF → TF records: the fastmon agent's path (seeded `simulateTfSubsamples`, then
 * `store.testbed.recordStfSample`: checks, one IMMEDIATE transaction per STF registering the STF and
 * inserting its TF rows, each inserted row read back, one change event) into a fresh store in a temp dir.
 * Peer in the same run: the same rows (sampled beforehand) inserted by a bare better-sqlite3 loop into a
 * second fresh store file (same schema from the store's migrations, same pragmas: WAL, synchronous NORMAL,
 * foreign keys): one prepared INSERT per row, one IMMEDIATE transaction per STF. The sampling alone is
 * timed too, so the store path's cost splits into sampling, store overhead and the SQLite floor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { resolveSamplingParams, simulateTfSubsamples, type FastmonSamplingParams, type TfSample } from '../fastmon/sampling.js';
import { openStationStore } from '../store/index.js';
import { hrtimeMs } from './fastmon-clients.js';
import { round } from './stats.js';

export interface StoreBenchOptions {
  stfs: number;
  tfsPerStf: number;
  onProgress?: (line: string) => void;
}

export interface StoreBenchFigures {
  stfs: number;
  tf_records: number;
  /** Sampling + store, TF rows per second. */
  store_tf_records_per_s: number;
  /** The bare better-sqlite3 loop over the same rows (the floor). */
  bare_sqlite_tf_records_per_s: number;
  /** simulateTfSubsamples alone. */
  sampling_only_tf_records_per_s: number;
  /** Store path time over bare loop time. */
  store_over_bare: number;
  /** Rows found in each file afterwards (TF rows, measured STFs only). */
  rows_check: { store: number; bare: number };
}

const RUN = 100010;
const WARMUP_RUN = 100001;
const WARMUP_STFS = 200;
const STF_BYTES = 1_000_000_000;
const AGENT = 'fastmon-agent-bench-1';

const stfName = (run: number, i: number) => `swf.${run}.${String(i + 1).padStart(6, '0')}.stf`;

export function runStoreBench(options: StoreBenchOptions): StoreBenchFigures {
  const progress = options.onProgress ?? (() => {});
  const params = resolveSamplingParams({ seed: 'bench', selectionFraction: 1, tfFilesPerStf: options.tfsPerStf });
  const dir = mkdtempSync(join(tmpdir(), 'station-bench-fastmon-store-'));
  try {
    progress(`TF records: ${options.stfs} STFs × ${options.tfsPerStf} TFs through sampling + store`);
    const storeRun = storePath(join(dir, 'store'), params, options.stfs);
    progress(`TF records: the same rows through a bare better-sqlite3 loop (peer)`);
    const bareRun = barePath(join(dir, 'bare'), params, options.stfs);
    const samplingMs = timeSampling(params, options.stfs);
    const records = options.stfs * Math.min(options.tfsPerStf, params.tfCountPerStf);
    const perS = (ms: number) => Math.round(records / (ms / 1000));
    return {
      stfs: options.stfs,
      tf_records: records,
      store_tf_records_per_s: perS(storeRun.ms),
      bare_sqlite_tf_records_per_s: perS(bareRun.ms),
      sampling_only_tf_records_per_s: perS(samplingMs),
      store_over_bare: round(storeRun.ms / bareRun.ms, 2),
      rows_check: { store: storeRun.rows, bare: bareRun.rows },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function metadataFor(params: FastmonSamplingParams, filename: string): Record<string, unknown> {
  return { simulation: true, created_from: filename, tf_size_fraction: params.tfSizeFraction, agent_name: AGENT, sampling_reason: 'selected', seed: String(params.seed) };
}

/** What the fastmon agent does per sampled STF: sample, then record the sample. */
function storePath(dir: string, params: FastmonSamplingParams, stfs: number): { ms: number; rows: number } {
  const store = openStationStore(dir);
  try {
    const recordStf = (run: number, i: number) => {
      const filename = stfName(run, i);
      const samples = simulateTfSubsamples(params, { filename, sizeBytes: STF_BYTES });
      const metadata = metadataFor(params, filename);
      store.testbed.recordStfSample({
        stf: { filename, runNumber: run, executionId: 'bench-0001', namespace: 'bench', sizeBytes: STF_BYTES, sequence: null },
        tfs: samples.map((sample) => ({ ...sample, metadata })),
        agentName: AGENT,
      });
    };
    for (let i = 0; i < WARMUP_STFS; i += 1) recordStf(WARMUP_RUN, i);
    const t0 = hrtimeMs();
    for (let i = 0; i < stfs; i += 1) recordStf(RUN, i);
    const ms = hrtimeMs() - t0;
    return { ms, rows: store.testbed.countTfFiles({ runNumber: RUN }) };
  } finally {
    store.close();
  }
}

interface PreparedStf {
  stf: Record<string, unknown>;
  tfs: Array<Record<string, unknown>>;
}

function prepareRows(params: FastmonSamplingParams, run: number, stfs: number): PreparedStf[] {
  const createdAt = Date.now();
  return Array.from({ length: stfs }, (_, i) => {
    const filename = stfName(run, i);
    const metadata = JSON.stringify(metadataFor(params, filename));
    const stf = { filename, runNumber: run, executionId: 'bench-0001', sequence: i + 1, sizeBytes: STF_BYTES, agentName: AGENT, createdAt };
    const tfs = simulateTfSubsamples(params, { filename, sizeBytes: STF_BYTES }).map((tf: TfSample) => ({
      ...tf, stfFilename: filename, runNumber: run, executionId: 'bench-0001', namespace: 'bench', agentName: AGENT, metadata, createdAt,
    }));
    return { stf, tfs };
  });
}

/** The floor: the same rows, one prepared INSERT each, one transaction per STF, on a file the store created. */
function barePath(dir: string, params: FastmonSamplingParams, stfs: number): { ms: number; rows: number } {
  // openStationStore creates and migrates the file; it is then reopened bare with the store's settings.
  const created = openStationStore(dir);
  const path = created.path;
  created.close();
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const insertStf = db.prepare(
      `INSERT INTO testbed_stf_files (filename, run_number, execution_id, sequence, size_bytes, status, created_by, created_at)
       VALUES (@filename, @runNumber, @executionId, @sequence, @sizeBytes, 'registered', @agentName, @createdAt) ON CONFLICT (filename) DO NOTHING`,
    );
    const insertTf = db.prepare(
      `INSERT INTO fastmon_tf_files (tf_filename, stf_filename, run_number, execution_id, namespace, sequence_number, tf_first, tf_last, tf_count, size_bytes, agent_name, metadata, created_at)
       VALUES (@tfFilename, @stfFilename, @runNumber, @executionId, @namespace, @sequenceNumber, @tfFirst, @tfLast, @tfCount, @sizeBytes, @agentName, @metadata, @createdAt)
       ON CONFLICT (tf_filename) DO NOTHING`,
    );
    const write = db.transaction((prepared: PreparedStf) => {
      insertStf.run(prepared.stf);
      for (const tf of prepared.tfs) insertTf.run(tf);
    });
    for (const prepared of prepareRows(params, WARMUP_RUN, WARMUP_STFS)) write.immediate(prepared);
    const rows = prepareRows(params, RUN, stfs);
    const t0 = hrtimeMs();
    for (const prepared of rows) write.immediate(prepared);
    const ms = hrtimeMs() - t0;
    const count = (db.prepare('SELECT count(*) AS n FROM fastmon_tf_files WHERE run_number = ?').get(RUN) as { n: number }).n;
    return { ms, rows: count };
  } finally {
    db.close();
  }
}

function timeSampling(params: FastmonSamplingParams, stfs: number): number {
  let sink = 0;
  for (let i = 0; i < WARMUP_STFS; i += 1) sink += simulateTfSubsamples(params, { filename: stfName(WARMUP_RUN, i), sizeBytes: STF_BYTES }).length;
  const t0 = hrtimeMs();
  for (let i = 0; i < stfs; i += 1) sink += simulateTfSubsamples(params, { filename: stfName(RUN, i), sizeBytes: STF_BYTES }).length;
  const ms = hrtimeMs() - t0;
  if (sink < 0) throw new Error('unreachable');
  return ms;
}
