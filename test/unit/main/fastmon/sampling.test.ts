import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLING,
  RunSampleLedger,
  checkSamplingParams,
  decideSampling,
  isSelected,
  resolveSamplingParams,
  simulateTfSubsamples,
  type FastmonSamplingParams,
  type TfSample,
} from '../../../../main/fastmon/sampling.js';

const params = (over: Partial<FastmonSamplingParams> = {}): FastmonSamplingParams => ({ seed: 'seed-1', ...DEFAULT_SAMPLING, ...over });
const stfName = (run: number, seq: number): string => `swf.${run}.${String(seq).padStart(6, '0')}.stf`;

function expectDisjointInside(samples: TfSample[], tfCount: number): void {
  const sorted = [...samples].sort((a, b) => a.tfFirst - b.tfFirst);
  for (const s of sorted) {
    expect(s.tfFirst).toBeGreaterThanOrEqual(0);
    expect(s.tfLast).toBeLessThanOrEqual(tfCount - 1);
    expect(s.tfCount).toBe(s.tfLast - s.tfFirst + 1);
    expect(s.tfCount).toBeGreaterThanOrEqual(1);
  }
  for (let i = 1; i < sorted.length; i += 1) expect(sorted[i].tfFirst).toBeGreaterThan(sorted[i - 1].tfLast);
}

describe('checkSamplingParams', () => {
  it('accepts the defaults', () => {
    expect(() => checkSamplingParams(params())).not.toThrow();
    expect(DEFAULT_SAMPLING).toEqual({ selectionFraction: 0.1, tfFilesPerStf: 7, tfSizeFraction: 0.15, tfCountPerStf: 1000, tfSequenceStart: 1 });
  });

  it('refuses bad values, naming the key and the value', () => {
    expect(() => checkSamplingParams(params({ selectionFraction: 1.5 }))).toThrow('fastmon sampling: selectionFraction must be a fraction in [0, 1], got 1.5');
    expect(() => checkSamplingParams(params({ selectionFraction: -0.1 }))).toThrow(/selectionFraction.*-0\.1/);
    expect(() => checkSamplingParams(params({ selectionFraction: Number.NaN }))).toThrow(/selectionFraction.*NaN/);
    expect(() => checkSamplingParams(params({ tfSizeFraction: 2 }))).toThrow(/tfSizeFraction.*got 2/);
    expect(() => checkSamplingParams(params({ tfFilesPerStf: 0 }))).toThrow('fastmon sampling: tfFilesPerStf must be a whole number ≥ 1, got 0');
    expect(() => checkSamplingParams(params({ tfFilesPerStf: 2.5 }))).toThrow(/tfFilesPerStf.*2\.5/);
    expect(() => checkSamplingParams(params({ tfCountPerStf: -3 }))).toThrow(/tfCountPerStf.*-3/);
    expect(() => checkSamplingParams(params({ tfSequenceStart: -1 }))).toThrow(/tfSequenceStart.*-1/);
    expect(() => checkSamplingParams(params({ seed: Number.POSITIVE_INFINITY }))).toThrow(/seed.*Infinity/);
  });

  it('resolveSamplingParams overlays defaults and checks', () => {
    expect(resolveSamplingParams({ seed: 3, tfFilesPerStf: 4 })).toEqual({ ...DEFAULT_SAMPLING, seed: 3, tfFilesPerStf: 4 });
    expect(() => resolveSamplingParams({ seed: 3, tfCountPerStf: 0 })).toThrow(/tfCountPerStf/);
  });
});

describe('isSelected / decideSampling', () => {
  it('is reproducible per (seed, STF basename)', () => {
    const names = Array.from({ length: 200 }, (_, i) => stfName(100010, i + 1));
    const a = names.map((n) => isSelected(params(), n));
    expect(names.map((n) => isSelected(params(), n))).toEqual(a);
    expect(names.map((n) => isSelected(params(), `/some/dir/${n}`))).toEqual(a);
    expect(names.map((n) => isSelected(params({ seed: 'seed-2' }), n))).not.toEqual(a);
  });

  it('honours the selection fraction statistically', () => {
    const names = Array.from({ length: 10000 }, (_, i) => stfName(100000 + (i % 10), i));
    const share = names.filter((n) => isSelected(params(), n)).length / names.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
  });

  it('selects all at fraction 1 and none at fraction 0', () => {
    const names = Array.from({ length: 500 }, (_, i) => stfName(7, i));
    expect(names.every((n) => isSelected(params({ selectionFraction: 1 }), n))).toBe(true);
    expect(names.some((n) => isSelected(params({ selectionFraction: 0 }), n))).toBe(false);
  });

  it('always samples an STF of a run with no sample yet', () => {
    const p = params({ selectionFraction: 0 });
    expect(decideSampling(p, stfName(5, 1), { runHasSample: false })).toEqual({ sample: true, reason: 'first-of-run' });
    expect(decideSampling(p, stfName(5, 2), { runHasSample: true })).toEqual({ sample: false, reason: 'not-selected' });
    expect(decideSampling(params({ selectionFraction: 1 }), stfName(5, 1), { runHasSample: false })).toEqual({ sample: true, reason: 'selected' });
  });

  it('RunSampleLedger samples exactly the first STF of each run at fraction 0', () => {
    const p = params({ selectionFraction: 0 });
    const ledger = new RunSampleLedger();
    const reasons = [1, 1, 1, 2, 2].map((run, i) => ledger.decide(p, stfName(run, i), run).reason);
    expect(reasons).toEqual(['first-of-run', 'not-selected', 'not-selected', 'first-of-run', 'not-selected']);
    expect(ledger.hasSample(1)).toBe(true);
    ledger.forget(1);
    expect(ledger.hasSample(1)).toBe(false);
    expect(ledger.decide(p, stfName(1, 9), 1).reason).toBe('first-of-run');
  });
});

describe('simulateTfSubsamples', () => {
  const stf = { filename: '/data/swf.100010.000001.stf' };

  it('names samples <basename>_tf_001.tf .. _tf_007.tf with sequence numbers 1..7', () => {
    const samples = simulateTfSubsamples(params(), stf);
    expect(samples.map((s) => s.tfFilename)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `swf.100010.000001_tf_00${i}.tf`));
    expect(samples.map((s) => s.sequenceNumber)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(simulateTfSubsamples(params({ tfSequenceStart: 10 }), stf)[0].tfFilename).toBe('swf.100010.000001_tf_010.tf');
  });

  it('is deterministic per seed and STF name', () => {
    const a = simulateTfSubsamples(params(), stf);
    expect(simulateTfSubsamples(params(), { filename: 'swf.100010.000001.stf' })).toEqual(a);
    expect(simulateTfSubsamples(params({ seed: 'seed-2' }), stf)).not.toEqual(a);
    expect(simulateTfSubsamples(params(), { filename: 'swf.100010.000002.stf' }).map((s) => s.tfFirst)).not.toEqual(a.map((s) => s.tfFirst));
  });

  it('keeps each sample inside its partition; the last partition (852..999 for 1000/7) absorbs the remainder', () => {
    for (let k = 0; k < 300; k += 1) {
      const samples = simulateTfSubsamples(params(), { filename: stfName(100010, k) });
      expect(samples).toHaveLength(7);
      samples.forEach((s, i) => {
        const pStart = i * 142;
        const pEnd = i < 6 ? pStart + 141 : 999;
        expect(s.tfFirst).toBeGreaterThanOrEqual(pStart);
        expect(s.tfLast).toBeLessThanOrEqual(pEnd);
      });
      expect(samples[6].tfFirst).toBeGreaterThanOrEqual(852);
      expectDisjointInside(samples, 1000);
    }
  });

  it('takes about 15 % of each partition: mean sample ≈ 21 TFs over 2000 STFs', () => {
    let total = 0;
    let count = 0;
    for (let k = 0; k < 2000; k += 1) {
      for (const s of simulateTfSubsamples(params(), { filename: stfName(100011, k) })) {
        total += s.tfCount;
        count += 1;
      }
    }
    const mean = total / count;
    expect(mean).toBeGreaterThan(19);
    expect(mean).toBeLessThan(23);
  });

  it('uses the STF tfCount when given, the default otherwise', () => {
    const samples = simulateTfSubsamples(params(), { filename: stf.filename, tfCount: 70 });
    expect(samples).toHaveLength(7);
    expectDisjointInside(samples, 70);
    samples.forEach((s, i) => {
      expect(s.tfFirst).toBeGreaterThanOrEqual(i * 10);
      expect(s.tfLast).toBeLessThanOrEqual(i * 10 + 9);
    });
    expect(simulateTfSubsamples(params(), { filename: stf.filename, tfCount: null })).toEqual(simulateTfSubsamples(params(), stf));
  });

  it('makes min(N, tf_count) one-TF partitions when tf_count < N, and nothing for an empty STF', () => {
    const samples = simulateTfSubsamples(params(), { filename: stf.filename, tfCount: 3 });
    expect(samples.map((s) => [s.tfFirst, s.tfLast, s.tfCount])).toEqual([
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
    ]);
    expect(samples.map((s) => s.tfFilename)).toEqual(['swf.100010.000001_tf_001.tf', 'swf.100010.000001_tf_002.tf', 'swf.100010.000001_tf_003.tf']);
    expect(simulateTfSubsamples(params(), { filename: stf.filename, tfCount: 0 })).toEqual([]);
    const seven = simulateTfSubsamples(params(), { filename: stf.filename, tfCount: 7 });
    expect(seven.map((s) => s.tfFirst)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('never yields an empty or out-of-range sample for any small tf_count', () => {
    for (let tfCount = 1; tfCount <= 60; tfCount += 1) {
      const samples = simulateTfSubsamples(params({ tfSizeFraction: 0 }), { filename: stfName(1, tfCount), tfCount });
      expect(samples).toHaveLength(Math.min(7, tfCount));
      expectDisjointInside(samples, tfCount);
    }
    const whole = simulateTfSubsamples(params({ tfSizeFraction: 1, tfFilesPerStf: 1 }), { filename: stf.filename, tfCount: 50 });
    expect(whole).toHaveLength(1);
    expectDisjointInside(whole, 50);
  });

  it('reports bytes pro rata to the TF count when the STF size is known, else null', () => {
    const sized = simulateTfSubsamples(params(), { filename: stf.filename, sizeBytes: 1_000_000 });
    for (const s of sized) expect(s.sizeBytes).toBe(Math.round((1_000_000 * s.tfCount) / 1000));
    expect(sized.map((s) => s.tfCount)).toEqual(simulateTfSubsamples(params(), stf).map((s) => s.tfCount));
    expect(simulateTfSubsamples(params(), stf).every((s) => s.sizeBytes === null)).toBe(true);
    expect(simulateTfSubsamples(params(), { ...stf, sizeBytes: null }).every((s) => s.sizeBytes === null)).toBe(true);
    const odd = simulateTfSubsamples(params(), { filename: stf.filename, tfCount: 3, sizeBytes: 100 });
    expect(odd.map((s) => s.sizeBytes)).toEqual([33, 33, 33]);
  });

  it('refuses bad STF descriptions and bad params', () => {
    expect(() => simulateTfSubsamples(params(), { ...stf, tfCount: -1 })).toThrow('fastmon sampling: tfCount must be a whole number ≥ 0, got -1');
    expect(() => simulateTfSubsamples(params(), { ...stf, tfCount: 1.5 })).toThrow(/tfCount.*1\.5/);
    expect(() => simulateTfSubsamples(params(), { ...stf, sizeBytes: -5 })).toThrow(/sizeBytes.*-5/);
    expect(() => simulateTfSubsamples(params({ tfFilesPerStf: 0 }), stf)).toThrow(/tfFilesPerStf/);
  });
});
