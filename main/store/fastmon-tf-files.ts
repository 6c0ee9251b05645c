/**
 * The fast-monitoring agent's TF subsamples (one row per TF file cut from an STF file) and its
 * continuous-mode watcher's ledger of handled files. A sample is written in one IMMEDIATE transaction
 * keyed by the unique TF filename, so a killed agent leaves all of an STF's TF rows or none, and a
 * restarted one re-sampling the same STF adds nothing twice.
 */
import type Database from 'better-sqlite3';
import { canonicalJson } from './canonical-json.js';
import type { ChangeEvents } from './change-events.js';
import { listLimit, optionalInteger, optionalText, requireInteger, requireObject, requireText, requireTime, whereEquals } from './testbed-checks.js';
import type { FastmonRunSummary, FastmonRunSummaryQuery, NewStfSample, SeenFile, TestbedStore, TfFileQuery, TfFileRecord } from './testbed-types.js';

interface TfFileRow {
  id: number;
  tf_filename: string;
  stf_filename: string;
  run_number: number;
  execution_id: string | null;
  namespace: string | null;
  sequence_number: number;
  tf_first: number;
  tf_last: number;
  tf_count: number;
  size_bytes: number | null;
  status: string;
  agent_name: string;
  metadata: string;
  created_at: number;
}

type FastmonMethods = 'recordStfSample' | 'listTfFiles' | 'countTfFiles' | 'fastmonRunSummaries' | 'markFileSeen' | 'wasFileSeen';

/** The fastmon methods of `store.testbed`; `clock` (Unix ms) stamps TF rows, registered STF files and ledger entries. */
export function fastmonTfFiles(db: Database.Database, events: ChangeEvents, clock: () => number): Pick<TestbedStore, FastmonMethods> {
  const statements = {
    // The data agent may have registered the STF already (stf_gen): its registration stands.
    insertStf: db.prepare(
      `INSERT INTO testbed_stf_files (filename, run_number, execution_id, sequence, size_bytes, status, created_by, created_at)
       VALUES (@filename, @runNumber, @executionId, @sequence, @sizeBytes, 'registered', @agentName, @createdAt)
       ON CONFLICT (filename) DO NOTHING`,
    ),
    insertTf: db.prepare(
      `INSERT INTO fastmon_tf_files (tf_filename, stf_filename, run_number, execution_id, namespace, sequence_number, tf_first, tf_last, tf_count, size_bytes, agent_name, metadata, created_at)
       VALUES (@tfFilename, @stfFilename, @runNumber, @executionId, @namespace, @sequenceNumber, @tfFirst, @tfLast, @tfCount, @sizeBytes, @agentName, @metadata, @createdAt)
       ON CONFLICT (tf_filename) DO NOTHING`,
    ),
    get: db.prepare<[number], TfFileRow>('SELECT * FROM fastmon_tf_files WHERE id = ?'),
    markSeen: db.prepare(
      `INSERT INTO fastmon_seen_files (path, size_bytes, mtime_ms, outcome, seen_at) VALUES (@path, @sizeBytes, @mtimeMs, @outcome, @seenAt)
       ON CONFLICT (path) DO UPDATE SET size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, outcome = excluded.outcome, seen_at = excluded.seen_at`,
    ),
    wasSeen: db.prepare<[string], number>('SELECT 1 FROM fastmon_seen_files WHERE path = ?').pluck(),
  };
  const filter = (query: TfFileQuery) =>
    whereEquals({ run_number: query.runNumber, stf_filename: query.stfFilename, execution_id: query.executionId }, { afterId: query.afterId });

  // The STF row and every TF row commit together; IMMEDIATE takes the write lock up front, so no other process interleaves.
  const writeSample = db.transaction((stf: ReturnType<typeof checkSample>['stf'], tfs: ReturnType<typeof checkSample>['tfs'], agentName: string, createdAt: number) => {
    statements.insertStf.run({ ...stf, agentName, createdAt });
    const inserted: TfFileRecord[] = [];
    for (const tf of tfs) {
      const info = statements.insertTf.run({
        ...tf, stfFilename: stf.filename, runNumber: stf.runNumber, executionId: stf.executionId, namespace: stf.namespace, agentName, createdAt,
      });
      if (info.changes > 0) inserted.push(toTfFile(statements.get.get(Number(info.lastInsertRowid))!));
    }
    return inserted;
  });

  return {
    recordStfSample(sample) {
      const { stf, tfs, agentName } = checkSample(sample);
      const createdAt = requireTime('fastmon STF sample', 'now', clock());
      const inserted = writeSample.immediate(stf, tfs, agentName, createdAt);
      if (inserted.length > 0) events.emit({ kind: 'testbed-fastmon-tf', records: inserted });
      return { inserted, existing: tfs.length - inserted.length };
    },

    listTfFiles(query = {}) {
      const { where, params } = filter(query);
      const inner = `SELECT * FROM fastmon_tf_files ${where} ORDER BY id ${query.newest ? 'DESC' : 'ASC'} LIMIT @limit`;
      const sql = query.newest ? `SELECT * FROM (${inner}) ORDER BY id ASC` : inner;
      return (db.prepare(sql).all({ ...params, limit: listLimit(query.limit) }) as TfFileRow[]).map(toTfFile);
    },

    countTfFiles(query = {}) {
      const { where, params } = filter(query);
      return (db.prepare(`SELECT count(*) AS n FROM fastmon_tf_files ${where}`).get(params) as { n: number }).n;
    },

    fastmonRunSummaries(query: FastmonRunSummaryQuery = {}) {
      const { where, params } = whereEquals({ execution_id: query.executionId, namespace: query.namespace }, { alias: 't' });
      // stfsSeen counts every STF file of the run, sampled or not, so the view can show the sampled fraction.
      const sql = `
        SELECT t.run_number AS runNumber, max(t.execution_id) AS executionId,
               (SELECT count(*) FROM testbed_stf_files s WHERE s.run_number = t.run_number) AS stfsSeen,
               count(DISTINCT t.stf_filename) AS stfsSampled, count(*) AS tfFiles, sum(t.tf_count) AS tfCount,
               sum(t.size_bytes) AS sizeBytes, min(t.created_at) AS firstAt, max(t.created_at) AS lastAt
        FROM fastmon_tf_files t ${where}
        GROUP BY t.run_number ORDER BY t.run_number DESC LIMIT @limit`;
      return db.prepare(sql).all({ ...params, limit: listLimit(query.limit) }) as FastmonRunSummary[];
    },

    markFileSeen(path, seen: SeenFile) {
      const what = 'fastmon seen file';
      requireObject(what, 'seen', seen);
      statements.markSeen.run({
        path: requireText(what, 'path', path),
        sizeBytes: optionalInteger(what, 'sizeBytes', seen.sizeBytes),
        // fs.Stats.mtimeMs is fractional: requireTime rounds it to whole ms.
        mtimeMs: seen.mtimeMs === null || seen.mtimeMs === undefined ? null : requireTime(what, 'mtimeMs', seen.mtimeMs),
        outcome: requireText(what, 'outcome', seen.outcome),
        seenAt: requireTime(what, 'now', clock()),
      });
    },

    wasFileSeen(path) {
      return statements.wasSeen.get(requireText('fastmon seen file', 'path', path)) !== undefined;
    },
  };
}

/** Checks the whole sample before the transaction starts, so a bad field writes nothing. */
function checkSample(sample: NewStfSample) {
  const what = 'fastmon STF sample';
  requireObject(what, 'sample', sample);
  const agentName = requireText(what, 'agentName', sample.agentName);
  const input = requireObject(what, 'stf', sample.stf);
  const filename = requireText(what, 'stf.filename', input.filename);
  const stf = {
    filename,
    runNumber: requireInteger(what, 'stf.runNumber', input.runNumber, 1),
    executionId: optionalText(what, 'stf.executionId', input.executionId),
    namespace: optionalText(what, 'stf.namespace', input.namespace),
    sizeBytes: optionalInteger(what, 'stf.sizeBytes', input.sizeBytes),
    sequence: optionalInteger(what, 'stf.sequence', input.sequence) ?? sequenceOf(filename),
  };
  if (!Array.isArray(sample.tfs) || sample.tfs.length === 0) throw new TypeError(`${what}: "tfs" must be a non-empty array of TF files`);
  const names = new Set<string>();
  const tfs = sample.tfs.map((tf: unknown, index) => {
    const field = (name: string) => `tfs[${index}].${name}`;
    const row = requireObject(what, `tfs[${index}]`, tf);
    const checked = {
      tfFilename: requireText(what, field('tfFilename'), row.tfFilename),
      sequenceNumber: requireInteger(what, field('sequenceNumber'), row.sequenceNumber),
      tfFirst: requireInteger(what, field('tfFirst'), row.tfFirst),
      tfLast: requireInteger(what, field('tfLast'), row.tfLast),
      tfCount: requireInteger(what, field('tfCount'), row.tfCount, 1),
      sizeBytes: optionalInteger(what, field('sizeBytes'), row.sizeBytes),
      metadata: canonicalJson(requireObject(what, field('metadata'), row.metadata)),
    };
    // The table's CHECK would refuse these too, but mid-transaction and without naming the field.
    if (checked.tfLast < checked.tfFirst) throw new TypeError(`${what}: "${field('tfLast')}" (${checked.tfLast}) must be ≥ "${field('tfFirst')}" (${checked.tfFirst})`);
    if (checked.tfCount !== checked.tfLast - checked.tfFirst + 1) {
      throw new TypeError(`${what}: "${field('tfCount')}" must be tfLast − tfFirst + 1 = ${checked.tfLast - checked.tfFirst + 1} (got ${checked.tfCount})`);
    }
    if (names.has(checked.tfFilename)) throw new TypeError(`${what}: "${field('tfFilename')}" repeats ${JSON.stringify(checked.tfFilename)} within the sample`);
    names.add(checked.tfFilename);
    return checked;
  });
  return { stf, tfs, agentName };
}

/** The sequence of `swf.<run>.<seq>.stf` (any directory prefix), else 0. */
function sequenceOf(filename: string): number {
  const match = /(?:^|\/)swf\.\d+\.(\d+)\.stf$/.exec(filename);
  return match ? Number(match[1]) : 0;
}

function toTfFile(row: TfFileRow): TfFileRecord {
  return {
    id: row.id,
    tfFilename: row.tf_filename,
    stfFilename: row.stf_filename,
    runNumber: row.run_number,
    executionId: row.execution_id,
    namespace: row.namespace,
    sequenceNumber: row.sequence_number,
    tfFirst: row.tf_first,
    tfLast: row.tf_last,
    tfCount: row.tf_count,
    sizeBytes: row.size_bytes,
    status: row.status,
    agentName: row.agent_name,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}
