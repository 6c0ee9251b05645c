import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastmonRunView, FastmonTfView } from '../../../../shared/fastmon.js';
import type { PushChannel } from '../../../../shared/ipc.js';
import { FastmonService } from '../../../../main/station/fastmon-service.js';
import { openStationStore, type StationStore, type TfFileRecord } from '../../../../main/store/index.js';

const EXECUTION = 'stf_datataking-alice-0001';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A service on a real store, listening to the store's real change events (what the station wires). */
describe('FastmonService', () => {
  let dir: string;
  let store: StationStore;
  let service: FastmonService;
  let now: number;
  const pushes: Array<{ channel: PushChannel; payload: unknown }> = [];
  const pushed = <T>(channel: PushChannel) => pushes.filter((push) => push.channel === channel).flatMap((push) => push.payload as T[]);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fastmon-service-'));
    now = 1_800_000_000_000;
    store = openStationStore(dir, { clock: () => now });
    pushes.length = 0;
    service = new FastmonService({
      records: store.testbed,
      publish: (channel, payload) => pushes.push({ channel, payload }),
      subscribe: (listener) => store.onChange(listener),
      refreshMs: 200,
    });
  });
  afterEach(() => {
    service.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the fastmon agent does per STF: its TF rows in one transaction (another process in real life), then one message per row. */
  function sampleStf(run: number, seq: number, tfs = 3, metadata: object = { seed: 'fastmon', tf_size_fraction: 0.15, agent_name: 'fastmon-agent-alice-1' }): TfFileRecord[] {
    const stf = `swf.${run}.${String(seq).padStart(6, '0')}.stf`;
    const { inserted } = store.testbed.recordStfSample({
      stf: { filename: stf, runNumber: run, executionId: EXECUTION, namespace: 'alice', sizeBytes: 10_000, sequence: null },
      tfs: Array.from({ length: tfs }, (_, i) => ({ tfFilename: stf.replace('.stf', `_tf_${String(i + 1).padStart(3, '0')}.tf`), sequenceNumber: i + 1, tfFirst: i * 100, tfLast: i * 100 + 9, tfCount: 10, sizeBytes: 100, metadata })),
      agentName: 'fastmon-agent-alice-1',
    });
    return inserted;
  }

  function announce(tf: TfFileRecord, patch: Record<string, unknown> = {}): void {
    store.testbed.recordMessage({
      destination: '/topic/epictopic',
      receivedAt: now,
      body: {
        msg_type: 'tf_file_registered', namespace: 'alice', run_id: String(tf.runNumber), run_number: tf.runNumber, execution_id: tf.executionId,
        processed_by: tf.agentName, sender: tf.agentName, tf_file_id: String(tf.id), tf_filename: tf.tfFilename, tf_first: tf.tfFirst, tf_last: tf.tfLast,
        tf_count: tf.tfCount, file_size_bytes: tf.sizeBytes, stf_filename: tf.stfFilename, status: 'registered', ...patch,
      },
    });
  }

  it('pushes a TF view per recorded tf_file_registered at once, with the message id', () => {
    const [tf] = sampleStf(100010, 1, 1);
    announce(tf);
    const views = pushed<FastmonTfView>('fastmon:tfs');
    const messageId = store.testbed.listMessages({ msgType: 'tf_file_registered' })[0].id;
    expect(views).toEqual([
      {
        tfId: tf.id, messageId, tfFilename: 'swf.100010.000001_tf_001.tf', stfFilename: 'swf.100010.000001.stf', runNumber: 100010, executionId: EXECUTION,
        namespace: 'alice', tfFirst: 0, tfLast: 9, tfCount: 10, sizeBytes: 100, agent: 'fastmon-agent-alice-1', at: now,
      },
    ]);
  });

  it('leaves out tf_file_registered messages missing a field the feed needs, and ignores other types', () => {
    const [tf] = sampleStf(100010, 1, 1);
    announce(tf, { tf_filename: undefined });
    store.testbed.recordMessage({ destination: '/topic/epictopic', receivedAt: now, body: { msg_type: 'stf_gen', run_id: '100010', filename: 'swf.100010.000001.stf' } });
    expect(pushes).toEqual([]);
  });

  it('pushes refreshed summaries of the touched runs, throttled, with rate and the sampling parameters of the TF metadata', async () => {
    for (let seq = 1; seq <= 4; seq += 1) {
      for (const tf of sampleStf(100010, seq)) announce(tf);
      now += 1000;
    }
    expect(pushed('fastmon:runs')).toEqual([]);
    await sleep(120);
    const first = pushed<FastmonRunView>('fastmon:runs');
    // Twelve messages, one refresh.
    expect(pushes.filter((push) => push.channel === 'fastmon:runs')).toHaveLength(1);
    expect(first).toEqual([
      {
        runNumber: 100010, executionId: EXECUTION, stfsSeen: 4, stfsSampled: 4, tfFiles: 12, tfCount: 120, sizeBytes: 1200,
        firstAt: 1_800_000_000_000, lastAt: 1_800_000_003_000, rate: 4,
        sampling: { seed: 'fastmon', selectionFraction: null, tfFilesPerStf: null, tfSizeFraction: 0.15, tfCountPerStf: null, source: 'tf_metadata' },
      },
    ]);
    // More TFs right after a refresh wait for the throttle period.
    for (const tf of sampleStf(100010, 5)) announce(tf);
    await sleep(60);
    expect(pushes.filter((push) => push.channel === 'fastmon:runs')).toHaveLength(1);
    await sleep(250);
    const runs = pushed<FastmonRunView>('fastmon:runs');
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ tfFiles: 15, stfsSampled: 5 });
  });

  it('takes sampling parameters from the run\'s fastmon_status over the TF metadata, and refreshes on it', async () => {
    sampleStf(100011, 1);
    store.testbed.recordMessage({
      destination: '/topic/epictopic',
      receivedAt: now,
      body: { msg_type: 'fastmon_status', run_id: '100011', execution_id: EXECUTION, status: 'ok', sampling: { seed: 's2', selection_fraction: 0.5, tf_files_per_stf: 3, tf_count_per_stf: 1000 } },
    });
    await sleep(120);
    expect(pushed<FastmonRunView>('fastmon:runs')[0].sampling).toEqual({ seed: 's2', selectionFraction: 0.5, tfFilesPerStf: 3, tfSizeFraction: 0.15, tfCountPerStf: 1000, source: 'fastmon_status' });
  });

  it('answers the invoke queries from the store: runs newest first, TFs filtered by run, STF, afterId, newest', () => {
    sampleStf(100010, 1);
    now += 2000;
    sampleStf(100010, 2);
    sampleStf(100011, 1, 2);
    const runs = service.runs({ limit: 10 });
    expect(runs.map((run) => [run.runNumber, run.tfFiles, run.stfsSampled])).toEqual([
      [100011, 2, 1],
      [100010, 6, 2],
    ]);
    expect(runs[1].rate).toBe(3);
    expect(runs[0].rate).toBeNull();
    expect(service.tfs({ runNumber: 100010, limit: 100 }).map((tf) => tf.tfFilename)).toHaveLength(6);
    expect(service.tfs({ stfFilename: 'swf.100010.000002.stf', limit: 100 }).map((tf) => tf.tfFilename)).toEqual([
      'swf.100010.000002_tf_001.tf',
      'swf.100010.000002_tf_002.tf',
      'swf.100010.000002_tf_003.tf',
    ]);
    const newest = service.tfs({ limit: 2, newest: true });
    expect(newest.map((tf) => tf.tfFilename)).toEqual(['swf.100011.000001_tf_001.tf', 'swf.100011.000001_tf_002.tf']);
    expect(newest[0]).toMatchObject({ messageId: null, agent: 'fastmon-agent-alice-1', at: now });
    expect(service.tfs({ afterId: newest[0].tfId!, limit: 100 }).map((tf) => tf.tfFilename)).toEqual(['swf.100011.000001_tf_002.tf']);
  });

  it('gives an STF with all its TFs for the click-through, null for an unknown one', () => {
    sampleStf(100010, 1);
    sampleStf(100010, 2);
    const stf = service.stf('swf.100010.000002.stf');
    expect(stf).toMatchObject({ filename: 'swf.100010.000002.stf', runNumber: 100010, executionId: EXECUTION, sequence: 2, sizeBytes: 10_000, createdBy: 'fastmon-agent-alice-1' });
    expect(stf?.tfs.map((tf) => tf.tfFilename)).toEqual(['swf.100010.000002_tf_001.tf', 'swf.100010.000002_tf_002.tf', 'swf.100010.000002_tf_003.tf']);
    expect(service.stf('swf.100010.000009.stf')).toBeNull();
  });

  it('stops pushing and listening once closed', async () => {
    const [tf] = sampleStf(100010, 1, 1);
    service.close();
    announce(tf);
    await sleep(80);
    expect(pushes).toEqual([]);
  });
});
