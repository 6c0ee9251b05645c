/** TF and run views for the fastmon panel's tests. */
import type { FastmonRunView, FastmonTfView } from '../../../shared/fastmon.js';

/** TF `id` of run 100010's STF 1 (`…_tf_00<id>.tf`), 100 bytes, at 1_800_000_000_000 + id ms. */
export function fastmonTf(id: number, patch: Partial<FastmonTfView> = {}): FastmonTfView {
  return {
    tfId: id,
    messageId: null,
    tfFilename: `swf.100010.000001_tf_${String(id).padStart(3, '0')}.tf`,
    stfFilename: 'swf.100010.000001.stf',
    runNumber: 100010,
    executionId: 'stf_datataking-alice-0001',
    namespace: 'alice',
    tfFirst: id * 100,
    tfLast: id * 100 + 9,
    tfCount: 10,
    sizeBytes: 100,
    agent: 'fastmon-agent-alice-1',
    at: 1_800_000_000_000 + id,
    ...patch,
  };
}

export function fastmonRun(runNumber: number, patch: Partial<FastmonRunView> = {}): FastmonRunView {
  return {
    runNumber,
    executionId: 'stf_datataking-alice-0001',
    stfsSeen: 1,
    stfsSampled: 1,
    tfFiles: 7,
    tfCount: 140,
    sizeBytes: 700,
    firstAt: 1_800_000_000_000,
    lastAt: 1_800_000_001_000,
    rate: 7,
    sampling: { seed: 'fastmon', selectionFraction: null, tfFilesPerStf: null, tfSizeFraction: 0.15, tfCountPerStf: null, source: 'tf_metadata' },
    ...patch,
  };
}
